package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vippair.mockapi.MockApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script as installed: vippair with kubectl-vippair linked to it, the jar beside
 * them, run by the real kubectl as a plugin. The "java" it starts is a stand-in that runs Main
 * from the test classpath (the jar is built after the tests), and records which jar it was given.
 */
class LauncherTest {
  static final Path SCRIPT = Path.of(System.getProperty("vippair.repo.root", ".."), "cli", "src", "main", "sh", "vippair");

  record Result(int status, String out) {}

  static Result run(Path dir, List<String> command, String path) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", path);
    pb.environment().put("JAVA", dir.resolve("fake-java").toString());
    pb.environment().put("VIPPAIR_TEST_CP", System.getProperty("java.class.path"));
    pb.environment().remove("VIPPAIR_CLI_JAR");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finishes").isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static Path install(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(SCRIPT, bin.resolve("vippair"));
    Files.setPosixFilePermissions(bin.resolve("vippair"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(bin.resolve("kubectl-vippair"), Path.of("vippair"));
    Files.writeString(bin.resolve("vippair-cli.jar"), "stand-in");
    Path java = dir.resolve("fake-java");
    Files.writeString(java, """
        #!/bin/sh
        while [ "$1" != "-jar" ]; do shift; done
        echo "jar: $2" >&2
        shift 2
        exec %s -cp "$VIPPAIR_TEST_CP" io.vippair.cli.Main "$@"
        """.formatted(Path.of(System.getProperty("java.home"), "bin", "java")));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void theScriptFindsTheJarBesideItThroughTheKubectlLink(@TempDir Path dir) throws Exception {
    Path bin = install(dir);
    Result r = run(dir, List.of(bin.resolve("kubectl-vippair").toString(), "frobnicate"), "/usr/bin:/bin");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).contains("jar: " + bin.toRealPath().resolve("vippair-cli.jar"))
        .contains("vippair: unknown command 'frobnicate'");
    Files.delete(bin.resolve("vippair-cli.jar"));
    r = run(dir, List.of(bin.resolve("vippair").toString(), "status"), "/usr/bin:/bin");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).startsWith("vippair: vippair-cli.jar not found next to");
  }

  @Test
  void kubectlRunsItAsAPlugin(@TempDir Path dir) throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");
    Path bin = install(dir);
    try (MockApiServer api = MockApiServer.start()) {
      Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
      api.client().resource(Fixtures.pair("default", "mysql-prod", "10.0.1.100", "cvm-a", "cvm-b")).create();
      Result r = run(dir, List.of(kubectl.toString(), "vippair", "status", "--kubeconfig", kubeconfig.toString()),
          bin + ":/usr/bin:/bin");
      assertThat(r.status()).as(r.out()).isZero();
      assertThat(r.out()).contains("mysql-prod   10.0.1.100   -        -             Pending   NO (cvm-a: never reported, cvm-b: never reported)");
    }
  }
}
