package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's error contract (docs/agent.md): whatever the user must fix ends the process with
 * status 2 and one line naming it and the fix, before keepalived is touched. Each case runs the
 * real entry point in its own JVM; /bin/true stands in for keepalived (only "is it executable" is
 * checked before these errors).
 */
class MainErrorContractTest {

  @TempDir
  static Path dir;
  static ServerSocket taken;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(dir.resolve("twice.yaml"), "member: cvm-a\nmember: cvm-b\n");
    Files.writeString(dir.resolve("broken"), "clusters: [unclosed\n");
    taken = new ServerSocket(0);
  }

  @AfterAll
  static void release() throws Exception {
    taken.close();
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** Arguments after {@code --keepalived-binary /bin/true} (@DIR@, @TAKEN@ are filled in), and what the line must say. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--member Not_A_Label                                  | --member (env VIPPAIR_MEMBER, agent.yaml member) is 'Not_A_Label'",
      "--member cvm-a --frobnicate 1                         | unknown flag '--frobnicate'; run with --help",
      "--member cvm-a --log-level loud                       | --log-level (env VIPPAIR_LOG_LEVEL, agent.yaml logLevel) is 'loud'",
      "--member cvm-a --log-format yaml                      | --log-format (env VIPPAIR_LOG_FORMAT, agent.yaml logFormat) is 'yaml'; use text or json",
      "--config @DIR@/twice.yaml                             | --config @DIR@/twice.yaml: cannot read it as YAML: Duplicate field 'member'",
      "--member cvm-a --kubeconfig @DIR@/broken              | --kubeconfig (env KUBECONFIG, agent.yaml kubeconfig) is '@DIR@/broken'; the file is not YAML",
      "--member cvm-a --run-dir /proc/vippair-test/run       | --run-dir /proc/vippair-test/run: cannot create it",
      "--member cvm-a --run-dir @DIR@/run --metrics-port @TAKEN@ | --metrics-address 0.0.0.0 --metrics-port @TAKEN@: cannot listen there"})
  void exitsWithStatus2AndOneLineNamingTheFix(String args, String expected) throws Exception {
    List<String> argv = new ArrayList<>(List.of("--keepalived-binary", "/bin/true"));
    Arrays.stream(fill(args).trim().split("\\s+")).forEach(argv::add);
    Run r = run(argv);
    assertThat(r.exitCode).as(r.output).isEqualTo(2);
    List<String> lines = r.output.strip().lines().toList();
    assertThat(lines).as("one line, nothing else").hasSize(1);
    assertThat(lines.get(0)).startsWith("vippair-node-agent: configuration error: ").contains(fill(expected));
    assertThat(dir.resolve("run").resolve("keepalived.conf")).as("keepalived untouched").doesNotExist();
  }

  private static String fill(String s) {
    return s.replace("@DIR@", dir.toString()).replace("@TAKEN@", String.valueOf(taken.getLocalPort()));
  }

  @Test
  void versionIsTheProjectVersion() throws Exception {
    Run version = run(List.of("--version"));
    assertThat(version.exitCode).isZero();
    assertThat(version.output.strip()).matches("vippair-node-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
