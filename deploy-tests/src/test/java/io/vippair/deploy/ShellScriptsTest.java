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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static DeployAssets.Result install(Path osRelease, String content, Path jar, String... more) throws IOException {
    Files.writeString(osRelease, content);
    List<String> command = new ArrayList<>(
        List.of("bash", "deploy/agent/install.sh", "--jar", jar.toString(), "--member", "cvm-a", "--dry-run"));
    command.addAll(List.of(more));
    return DeployAssets.run(command, Map.of("VIPPAIR_OS_RELEASE", osRelease.toString()));
  }

  @Test
  void installWithNoStartLeavesARunningKeepalivedRunning(@TempDir Path dir) throws IOException {
    // docs/migrating-from-scripts.md step 3: the old scripts' keepalived still carries the VIP
    Path jar = Files.writeString(dir.resolve("agent.jar"), "not a real jar");
    var r = install(dir.resolve("debian"), "ID=debian\n", jar, "--no-start");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("+ systemctl disable keepalived.service", "+ systemctl enable vippair-agent.service")
        .doesNotContain("--now keepalived", "stop keepalived", "restart vippair-agent", "start vippair-agent");
  }

  @Test
  void installHelpPrintsTheUsageAndSucceeds() {
    var r = DeployAssets.run(List.of("bash", "deploy/agent/install.sh", "--help"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("Usage: install.sh --jar", "--no-start").doesNotContain("set -euo");
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
  void everyInstallCommandInTheDocsGivesTheJarAndOnlyFlagsInstallShTakes() throws IOException {
    String script = DeployAssets.read(DeployAssets.deploy("agent/install.sh"));
    java.util.Set<String> flags = new java.util.HashSet<>();
    Matcher caseLabel = Pattern.compile("(?m)^\\s+(?:-h\\|)?(--[a-z-]+)\\)").matcher(script);
    while (caseLabel.find()) {
      flags.add(caseLabel.group(1));
    }
    assertThat(flags).contains("--jar", "--member", "--kubeconfig", "--no-start");
    List<String> commands = new ArrayList<>();
    try (Stream<Path> pages = Files.list(DeployAssets.repoRoot().resolve("docs"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
        for (String line : Files.readAllLines(page)) {
          int at = line.indexOf("install.sh --");
          if (at < 0) {
            continue;
          }
          String command = line.substring(at);
          commands.add(page.getFileName() + ": " + command);
          // without --jar install.sh stops with "--jar is required"
          assertThat(command).as("%s: %s", page.getFileName(), line).contains("--jar ");
          Matcher flag = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(command);
          while (flag.find()) {
            assertThat(flags).as("%s: %s", page.getFileName(), line).contains(flag.group());
          }
        }
      }
    }
    assertThat(commands).as("the docs show install.sh").isNotEmpty();
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
        "KillMode=process", "RuntimeDirectoryPreserve=yes", "ReadWritePaths=-/etc/keepalived",
        // the footprint in docs/performance.md was measured with it
        "Environment=MALLOC_ARENA_MAX=2");
    assertThat(unit).doesNotContain("KillMode=mixed", "KillMode=control-group");
  }

  @Test
  void installWritesTheEnrolledNamespacesIntoAgentYamlAndTheServerIntoTheKubeconfig(@TempDir Path dir) throws IOException {
    Path jar = Files.writeString(dir.resolve("agent.jar"), "not a real jar");
    Path kubeconfig = Files.writeString(dir.resolve("cvm-a.kubeconfig"), "clusters:\n- cluster:\n    server: https://old:6443\n");
    var r = install(dir.resolve("debian"), "ID=debian\n", jar, "--namespaces", "db,web", "--server", "https://10.0.0.5:6443",
        "--kubeconfig", kubeconfig.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("+ write /etc/vippair/kubeconfig (mode 0600) from " + kubeconfig + " with server: https://10.0.0.5:6443");
    // the agent.yaml it would write, read by the agent's own settings parser
    String yaml = r.stdout().lines().dropWhile(l -> !l.startsWith("+ write /etc/vippair/agent.yaml")).skip(1)
        .takeWhile(l -> l.startsWith("    ")).map(l -> l.substring(4)).collect(java.util.stream.Collectors.joining("\n"));
    Path agentYaml = Files.writeString(dir.resolve("agent.yaml"), yaml.replace("/etc/vippair/kubeconfig", kubeconfig.toString()));
    var config = io.vippair.agent.config.AgentSettings.load(new String[] {"--config", agentYaml.toString(),
        "--keepalived-binary", "/bin/true"}, Map.of());
    assertThat(config.member()).isEqualTo("cvm-a");
    assertThat(config.namespaces()).containsExactly("db", "web");
  }

  @Test
  void installRejectsBadNamespacesAndServersBeforeChangingAnything(@TempDir Path dir) throws IOException {
    Path jar = Files.writeString(dir.resolve("agent.jar"), "not a real jar");
    var badNs = install(dir.resolve("debian"), "ID=debian\n", jar, "--namespaces", "db,Web");
    assertThat(badNs.exitCode()).isNotZero();
    assertThat(badNs.stderr()).contains("--namespaces: 'Web' is not a namespace name");
    assertThat(badNs.stdout()).doesNotContain("+ ");
    var plain = install(dir.resolve("debian"), "ID=debian\n", jar, "--server", "http://10.0.0.5:6443", "--kubeconfig", jar.toString());
    assertThat(plain.stderr()).contains("--server 'http://10.0.0.5:6443' is not an https:// address");
    var noKubeconfig = install(dir.resolve("debian"), "ID=debian\n", jar, "--server", "https://10.0.0.5:6443");
    assertThat(noKubeconfig.exitCode()).isNotZero();
    assertThat(noKubeconfig.stderr()).contains("--server needs a kubeconfig to write it into");
  }
}
