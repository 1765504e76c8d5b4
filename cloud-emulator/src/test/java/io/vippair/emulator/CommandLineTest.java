package io.vippair.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The emulator's error contract: --help succeeds, a bad flag exits 2 with one line naming the fix. */
class CommandLineTest {

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(new String[] {"--x"}, "cloud-emulator: unknown flag --x: the flags are --port, "),
                Arguments.of(new String[] {"--port", "1", "--bogus", "2"}, "cloud-emulator: unknown flag --bogus:"),
                Arguments.of(new String[] {"--port"}, "cloud-emulator: --port needs a value: --port VALUE"),
                Arguments.of(new String[] {"--port", "http"}, "cloud-emulator: --port must be an integer, got `http`"),
                Arguments.of(new String[] {"--admin-port", "70000"}, "cloud-emulator: --admin-port must be a port between 0 and 65535"),
                Arguments.of(new String[] {"--threads", "0"}, "cloud-emulator: threads must be >= 1, got 0"),
                Arguments.of(new String[] {"--task-delay-ms", "9-1"}, "cloud-emulator: task delay: need 0 <= min <= max"));
    }

    private record Outcome(Main.CommandLine line, String out, String err) {}

    private static Outcome read(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Main.CommandLine line = Main.read(args, EmulatorConfig.defaults(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(line, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineExits2WithOneLineNamingTheFix(String[] args, String firstLine) {
        Outcome o = read(args);
        assertThat(o.line()).isEqualTo(new Main.CommandLine.Exit(2));
        assertThat(o.err().lines().findFirst()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith(firstLine);
        assertThat(o.err()).contains("usage: ").doesNotContain("Exception", "\tat ");
        assertThat(o.out()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("helpFlags")
    void helpPrintsTheUsageOnStandardOutputAndSucceeds(String[] args) {
        Outcome o = read(args);
        assertThat(o.line()).isEqualTo(new Main.CommandLine.Exit(0));
        assertThat(o.out()).startsWith("usage: ").contains("--port", "--task-delay-ms");
        assertThat(o.err()).isEmpty();
    }

    static Stream<Arguments> helpFlags() {
        return Stream.of(Arguments.of((Object) new String[] {"--help"}), Arguments.of((Object) new String[] {"-h"}),
                Arguments.of((Object) new String[] {"--port", "1", "--help"}));
    }

    @Test
    void goodFlagsGiveTheConfig() {
        Outcome o = read("--port", "0", "--admin-port", "0", "--task-delay-ms", "100-200", "--seed", "7");
        assertThat(o.line()).isInstanceOf(Main.CommandLine.Run.class);
        EmulatorConfig c = ((Main.CommandLine.Run) o.line()).config();
        assertThat(c.taskDelayMin().toMillis()).isEqualTo(100);
        assertThat(c.taskDelayMax().toMillis()).isEqualTo(200);
        assertThat(c.randomSeed()).isEqualTo(7);
        assertThat(o.out() + o.err()).isEmpty();
    }
}
