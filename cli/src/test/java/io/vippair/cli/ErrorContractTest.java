package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI's error contract (docs/cli.md), one class of bad input per row, as the issue lists them
 * for every program: a bad flag, a bad kubeconfig, a cluster that cannot be reached, a bad file or
 * argument. Each ends with status 2 and exactly one line on stderr that names what to fix; no row
 * needs a cluster. @DIR@ is a temporary directory holding the files made below.
 */
class ErrorContractTest {
  @TempDir
  static Path dir;
  static int closedPort;

  private static final String CLUSTER = """
      clusters: [{name: c, cluster: {server: "%s"}}]
      users: [{name: u, user: {token: t}}]
      contexts: [{name: x, context: {cluster: c, user: u}}]
      """;

  @BeforeAll
  static void files() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Files.writeString(dir.resolve("not-yaml"), "clusters: [unclosed\n");
    Files.writeString(dir.resolve("empty"), "");
    Files.writeString(dir.resolve("not-kubeconfig"), "just: a map\n");
    Files.writeString(dir.resolve("no-current"), CLUSTER.formatted("https://127.0.0.1:" + closedPort));
    Files.writeString(dir.resolve("wrong-current"), CLUSTER.formatted("https://127.0.0.1:" + closedPort) + "current-context: y\n");
    Files.writeString(dir.resolve("closed-port"), CLUSTER.formatted("https://127.0.0.1:" + closedPort) + "current-context: x\n");
    Files.writeString(dir.resolve("unresolvable"), CLUSTER.formatted("https://no-such-host.invalid:6443") + "current-context: x\n");
    Files.createDirectories(dir.resolve("read-only"));
    Files.writeString(dir.resolve("keepalived.conf"), "vrrp_instance VI_1 {\n  virtual_router_id 1\n");
  }

  @ParameterizedTest(name = "vippair {0}")
  @CsvSource(delimiter = '|', value = {
      // the command line
      "''                                            | give a command: status, why, pause, resume, validate, import or enrol",
      "frobnicate                                    | unknown command 'frobnicate'",
      "--frobnicate                                  | unknown flag '--frobnicate'",
      "status --colour                               | unknown flag --colour for 'status'",
      "status -A=yes                                 | unknown flag -A=yes for 'status'",
      "status --kubeconfig                           | --kubeconfig needs a value",
      "status a/b c/d                                | status takes at most one pair",
      "why a/b/c --kubeconfig @DIR@/closed-port      | 'a/b/c' is not a VipPair name",
      "pause db/x --reason                           | --reason needs a value",
      // the kubeconfig
      "status --kubeconfig @DIR@/missing             | cannot read the kubeconfig @DIR@/missing (NoSuchFileException): pass --kubeconfig PATH or set KUBECONFIG",
      "status --kubeconfig @DIR@/not-yaml            | the kubeconfig @DIR@/not-yaml is not YAML (line ",
      "status --kubeconfig @DIR@/empty               | the kubeconfig @DIR@/empty is empty: pass --kubeconfig PATH or set KUBECONFIG",
      "status --kubeconfig @DIR@/not-kubeconfig      | the kubeconfig @DIR@/not-kubeconfig is not a kubeconfig (no clusters)",
      "status --kubeconfig @DIR@/no-current          | the kubeconfig @DIR@/no-current has no current-context: pick one of [x] with --context",
      "status --kubeconfig @DIR@/wrong-current       | has current-context 'y', which is not among its contexts [x]",
      "status --kubeconfig @DIR@/closed-port --context z | context 'z' is not in the kubeconfig @DIR@/closed-port (it has [x])",
      // the cluster's address
      "status -A --kubeconfig @DIR@/closed-port      | cannot list VipPairs at https://127.0.0.1:@PORT@: connection refused",
      "status -A --kubeconfig @DIR@/unresolvable     | cannot list VipPairs at https://no-such-host.invalid:6443: the host name does not resolve",
      // files and arguments
      "validate                                      | validate needs at least one FILE",
      "validate @DIR@                                | @DIR@ is not a readable file",
      "validate @DIR@/missing.yaml                   | @DIR@/missing.yaml",
      "import @DIR@/missing                          | does not exist: give a keepalived.conf or a directory holding VMs' files",
      "import @DIR@/keepalived.conf                  | line 1: '{' is never closed",
      "import @DIR@/keepalived.conf --region Guangzhou | --region Guangzhou is not a region name"})
  void badInputIsStatus2AndOneLine(String line, String expected) {
    List<String> args = line.isBlank() ? List.of() : Arrays.stream(line.trim().split(" +")).map(ErrorContractTest::fill).toList();
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString()));
    Run r = Run.of(env, args);
    assertThat(r.status()).as("exit status of 'vippair %s'; stderr: %s", line, r.err()).isEqualTo(2);
    assertThat(r.errLines()).as("stderr of 'vippair %s'", line).hasSize(1);
    assertThat(r.err()).startsWith("vippair").contains(fill(expected)).doesNotContain("\tat ").doesNotContain("Exception in");
  }

  @Test
  void helpAndVersionSucceed() {
    assertThat(Run.of(Map.of(), "--help").status()).isZero();
    assertThat(Run.of(Map.of(), "--help").out()).contains("Exit status: 0 done, 1 a problem found");
    assertThat(Run.of(Map.of(), "status", "--help").status()).isZero();
    Run version = Run.of(Map.of(), "--version");
    assertThat(version.status()).isZero();
    assertThat(version.out()).startsWith("vippair ");
  }

  private static String fill(String s) {
    return s.replace("@DIR@", dir.toString()).replace("@PORT@", Integer.toString(closedPort));
  }
}
