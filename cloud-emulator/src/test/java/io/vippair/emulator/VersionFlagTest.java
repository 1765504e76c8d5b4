package io.vippair.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** --version, as every vippair program has: the build's version on stdout, status 0. */
class VersionFlagTest {

    @Test
    void versionPrintsTheBuildsVersion() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Main.CommandLine line = Main.read(new String[] {"--version"}, EmulatorConfig.defaults(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(line).isEqualTo(new Main.CommandLine.Exit(0));
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("cloud-emulator \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
