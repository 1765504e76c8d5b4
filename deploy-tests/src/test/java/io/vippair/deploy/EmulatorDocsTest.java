package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.emulator.EmulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/cloud-emulator.md's flag table names the flags the emulator takes, with their defaults. */
class EmulatorDocsTest {

  /** First column (one or more backticked flags) to second column of the table. */
  static Map<String, String> documented() throws Exception {
    Map<String, String> rows = new HashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| (`--[^|]+?) \\| ([^|]+?) \\|")
        .matcher(Files.readString(DeployAssets.repoRoot().resolve("docs/cloud-emulator.md")));
    while (row.find()) {
      Matcher flag = Pattern.compile("`(--[a-z-]+)`").matcher(row.group(1));
      while (flag.find()) {
        rows.put(flag.group(1), row.group(2).trim());
      }
    }
    return rows;
  }

  /** The emulator's own list, from the line it prints for an unknown flag. */
  static List<String> taken() throws Exception {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.vippair.emulator.Main", "--no-such-flag"))
        .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    Matcher m = Pattern.compile("the flags are ([^(]+) \\(see --help\\)").matcher(err);
    assertThat(m.find()).as(err).isTrue();
    return Arrays.stream(m.group(1).split(", ")).map(String::trim).toList();
  }

  @Test
  void theTableHasExactlyTheEmulatorsFlags() throws Exception {
    assertThat(new TreeSet<>(documented().keySet())).isEqualTo(new TreeSet<>(taken()));
  }

  @Test
  void theTablesDefaultsAreTheEmulatorsDefaults() throws Exception {
    Map<String, String> docs = documented();
    EmulatorConfig defaults = EmulatorConfig.defaults();
    assertThat(docs.get("--host")).isEqualTo(defaults.host());
    assertThat(docs.get("--task-delay-ms")).isEqualTo(Long.toString(defaults.taskDelayMin().toMillis()));
    assertThat(docs.get("--seed")).isEqualTo(Long.toString(defaults.randomSeed()));
    assertThat(docs.get("--secret-id")).isEqualTo("`" + defaults.secretId() + "` / `" + defaults.secretKey() + "`");
    assertThat(docs.get("--token")).isEqualTo("none");
    assertThat(docs.get("--state")).isEqualTo("none");
  }
}
