package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real entry point in its own JVM: a bad setting exits 2 with a message naming it, and changes nothing. */
class MainTest {
  @Test
  void aConfigurationErrorExitsWithCode2AndNamesTheSetting() throws Exception {
    var run = run("--member", "Not_A_Label", "--run-dir", "/nonexistent-vpag-test/run");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("configuration error", "--member (env VIPPAIR_MEMBER");
    assertThat(Path.of("/nonexistent-vpag-test")).doesNotExist();
  }

  @Test
  void helpListsEverySetting() throws Exception {
    var run = run("--help");
    assertThat(run.exitCode).isZero();
    assertThat(run.output).contains("--member", "--kubeconfig", "--namespaces", "--lease-namespace", "--keepalived-binary",
        "--keepalived-mode", "--run-dir", "--metrics-port", "localChecks");
  }

  private record Run(int exitCode, String output) {}

  private static Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.vippair.agent.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
