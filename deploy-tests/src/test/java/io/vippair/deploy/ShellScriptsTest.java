package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts under deploy/ lint clean and install.sh picks each distribution's packages. */
class ShellScriptsTest {

  static List<String> scripts() {
    try (Stream<Path> files = Files.walk(DeployAssets.repoRoot().resolve("deploy"))) {
      return files.filter(p -> p.toString().endsWith(".sh"))
          .map(p -> DeployAssets.repoRoot().relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyScriptIsShellcheckClean() {
    assumeTrue(DeployAssets.onPath("shellcheck"),
        "shellcheck is not installed (apt-get install shellcheck; CI installs it): scripts not linted");
    List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style", "--external-sources"));
    command.addAll(scripts());
    assertThat(scripts()).contains("deploy/agent/create-agent-identity.sh", "deploy/agent/install.sh", "deploy/kind/up.sh");
    var r = DeployAssets.run(command);
    assertThat(r.exitCode()).as("shellcheck:%n%s", r.stdout()).isZero();
  }

  @Test
  void everyScriptIsExecutable() {
    for (String s : scripts()) {
      assertThat(Files.isExecutable(DeployAssets.repoRoot().resolve(s))).as(s).isTrue();
    }
  }

  private static DeployAssets.Result install(Path osRelease, String content, Path jar) throws IOException {
    Files.writeString(osRelease, content);
    return DeployAssets.run(List.of("bash", "deploy/agent/install.sh", "--jar", jar.toString(), "--member", "cvm-a", "--dry-run"),
        Map.of("VIPPAIR_OS_RELEASE", osRelease.toString()));
  }

  @Test
  void installPicksJava17AndKeepalivedPerDistributionAndDisablesKeepalivedsOwnService(@TempDir Path dir) throws IOException {
    Path jar = Files.writeString(dir.resolve("agent.jar"), "not a real jar");
    var debian = install(dir.resolve("debian"), "ID=debian\nVERSION_ID=\"12\"\n", jar);
    assertThat(debian.exitCode()).as(debian.stderr()).isZero();
    assertThat(debian.stdout()).contains("apt-get install -y --no-install-recommends openjdk-17-jre-headless keepalived",
        "systemctl disable --now keepalived.service", "/etc/systemd/system/vippair-agent.service",
        "/usr/bin/vippair-agent");

    var centos = install(dir.resolve("centos"), "ID=\"centos\"\nID_LIKE=\"rhel fedora\"\n", jar);
    assertThat(centos.exitCode()).as(centos.stderr()).isZero();
    assertThat(centos.stdout()).containsPattern("(dnf|yum) install -y java-17-openjdk-headless keepalived");

    var ubuntu = install(dir.resolve("ubuntu"), "ID=ubuntu\nID_LIKE=debian\n", jar);
    assertThat(ubuntu.stdout()).contains("openjdk-17-jre-headless");

    var alpine = install(dir.resolve("alpine"), "ID=alpine\n", jar);
    assertThat(alpine.exitCode()).isNotZero();
    assertThat(alpine.stderr()).contains("unsupported distribution");
  }

  @Test
  void installRejectsAMissingJarWithTheFix() {
    var r = DeployAssets.run(List.of("bash", "deploy/agent/install.sh", "--dry-run"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("--jar is required");
  }

  @Test
  void systemdUnitRunsTheInstalledJarWithTheInstalledConfig() {
    String unit = DeployAssets.read(DeployAssets.deploy("agent/vippair-agent.service"));
    assertThat(unit).contains("ExecStart=/usr/bin/vippair-agent --config /etc/vippair/agent.yaml",
        "Restart=always", "Conflicts=keepalived.service", "NoNewPrivileges=true",
        // keepalived outlives the agent: only the agent's process is stopped, and the run dir stays
        "KillMode=process", "RuntimeDirectoryPreserve=yes", "ReadWritePaths=-/etc/keepalived");
    assertThat(unit).doesNotContain("KillMode=mixed", "KillMode=control-group");
  }
}
