package io.vippair.operator;

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
 * The operator's error contract (docs/operator.md): whatever the user must fix ends the process
 * with status 2 and one line that names it and the fix, never a stack trace. Each case runs the
 * real entry point in its own JVM.
 */
class MainErrorContractTest {

  @TempDir
  static Path dir;
  static ServerSocket taken;

  @BeforeAll
  static void files() throws Exception {
    // a valid kubeconfig of an API server that is not there (port 1)
    Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);
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

  /** Arguments (@KUBECONFIG@, @BROKEN@, @TAKEN@ are filled in), and what the line must say. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--resync-period often                                  | --resync-period (env VIPPAIR_RESYNC_PERIOD) is 'often'; write a duration",
      "--frobnicate 1                                         | unknown flag '--frobnicate'; run with --help",
      "--label-selector tier=db,env in prod                   | 'env in prod' is not a label selector requirement",
      "--log-level loud                                       | --log-level (env VIPPAIR_LOG_LEVEL) is 'loud'; use error, warn",
      "--log-format yaml                                      | --log-format (env VIPPAIR_LOG_FORMAT) is 'yaml'; use text or json",
      "--kubeconfig @BROKEN@                                  | --kubeconfig (env KUBECONFIG) is '@BROKEN@'; the file is not YAML",
      "--kubeconfig @KUBECONFIG@ --metrics-port @TAKEN@          | --metrics-port @TAKEN@: cannot listen there",
      "--kubeconfig @KUBECONFIG@ --metrics-host no-such-host.invalid | --metrics-host no-such-host.invalid --metrics-port 8080: cannot listen there",
      "--kubeconfig @KUBECONFIG@ --metrics-port 0                  | cannot list VipPairs at the API server https://127.0.0.1:1/ (ConnectException"})
  void exitsWithStatus2AndOneLineNamingTheFix(String args, String expected) throws Exception {
    List<String> argv = Arrays.stream(args.trim().split(" (?=--)"))
        .flatMap(pair -> Arrays.stream(pair.trim().split(" ", 2)))
        .map(MainErrorContractTest::fill)
        .toList();
    Run r = run(argv);
    assertThat(r.exitCode).as(r.output).isEqualTo(2);
    List<String> lines = r.output.strip().lines().toList();
    assertThat(lines).as("one line, nothing else").hasSize(1);
    assertThat(lines.get(0)).startsWith("vippair-operator: ").contains(fill(expected));
  }

  private static String fill(String s) {
    return s.replace("@KUBECONFIG@", dir.resolve("kubeconfig").toString()).replace("@BROKEN@", dir.resolve("broken").toString())
        .replace("@TAKEN@", String.valueOf(taken.getLocalPort()));
  }

  @Test
  void versionAndHelpExitZero() throws Exception {
    Run version = run(List.of("--version"));
    assertThat(version.exitCode).isZero();
    assertThat(version.output.strip()).matches("vippair-operator \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    Run help = run(List.of("--help"));
    assertThat(help.exitCode).isZero();
    assertThat(help.output).contains("--resync-period 60s", "--log-level", "--rate-limit-<Action> N", "--version");
  }
}
