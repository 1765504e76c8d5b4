package io.vippair.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vippair.common.config.BadSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {
  @TempDir
  Path dir;

  private static final String BIN = "/bin/true"; // stands in for the keepalived binary: only "is it executable" is checked

  @Test
  void defaults() {
    AgentConfig c = AgentSettings.load(new String[] {"--member", "cvm-a", "--keepalived-binary", BIN}, Map.of());
    assertThat(c.member()).isEqualTo("cvm-a");
    assertThat(c.namespaces()).isEmpty();
    assertThat(c.leaseNamespace()).isEqualTo("vippair-system");
    assertThat(c.keepalivedMode()).isEqualTo(KeepalivedMode.CHILD);
    assertThat(c.runDir()).isEqualTo(Path.of("/run/vippair"));
    assertThat(c.keepalivedConfig()).isEqualTo(Path.of("/run/vippair/keepalived.conf"));
    assertThat(c.metricsPort()).isEqualTo(9190);
    assertThat(c.kubeconfig()).isNull();
  }

  @Test
  void systemdModeUsesTheSystemsConfigFile() {
    AgentConfig c = AgentSettings.load(new String[] {"--member=cvm-a", "--keepalived-binary", BIN, "--keepalived-mode", "systemd"}, Map.of());
    assertThat(c.keepalivedConfig()).isEqualTo(Path.of("/etc/keepalived/keepalived.conf"));
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, """
        member: from-file
        leaseNamespace: file-ns
        metricsPort: 9300
        runDir: /var/run/from-file
        namespaces: [db, web]
        keepalivedBinary: /bin/true
        localChecks:
          mysql:
            exec: [/usr/bin/mysqladmin, ping]
            timeoutSeconds: 3
        """);
    AgentConfig c = AgentSettings.load(new String[] {"--config", file.toString(), "--member", "from-flag"},
        Map.of("VIPPAIR_MEMBER", "from-env", "VIPPAIR_LEASE_NAMESPACE", "env-ns"));
    assertThat(c.member()).isEqualTo("from-flag");
    assertThat(c.leaseNamespace()).isEqualTo("env-ns");
    assertThat(c.metricsPort()).isEqualTo(9300);
    assertThat(c.runDir()).isEqualTo(Path.of("/var/run/from-file"));
    assertThat(c.namespaces()).containsExactly("db", "web");
    assertThat(c.localChecks().get("mysql")).isEqualTo(new LocalCheck("mysql", List.of("/usr/bin/mysqladmin", "ping"), Duration.ofSeconds(3)));
  }

  @Test
  void notifyHooksAreNamedCommandsWithATimeout() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, """
        member: cvm-a
        keepalivedBinary: /bin/true
        notifyHooks:
          seed-notify:
            exec: [/etc/keepalived/notify_action.sh]
          promote-mysql:
            exec: [/usr/local/bin/promote, --quick]
            timeoutSeconds: 120
        """);
    AgentConfig c = AgentSettings.load(new String[] {"--config", file.toString()}, Map.of());
    assertThat(c.notifyHooks()).containsOnlyKeys("seed-notify", "promote-mysql");
    assertThat(c.notifyHooks().get("seed-notify"))
        .isEqualTo(new NotifyCommand("seed-notify", List.of("/etc/keepalived/notify_action.sh"), Duration.ofSeconds(30)));
    assertThat(c.notifyHooks().get("promote-mysql").timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.localChecks()).isEmpty();
    assertThat(c.withMember("cvm-b").notifyHooks()).as("a member found at start keeps the hooks").isEqualTo(c.notifyHooks());
  }

  @Test
  void badNotifyHooksNameTheEntry() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nnotifyHooks:\n  seed:\n    exec: [notify_action.sh]\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "notifyHooks.seed in " + file + ": exec[0] must be an absolute path");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nnotifyHooks:\n  seed:\n    exec: [/bin/true]\n    timeoutSeconds: 601\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "notifyHooks.seed in " + file + ".timeoutSeconds is '601'");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nnotifyHooks:\n  seed:\n    command: [/bin/true]\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "needs exec");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nnotifyHooks:\n  Seed_Notify:\n    exec: [/bin/true]\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "VipPairs reference it as notifyHooks[].hook");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nnotifyHooks: [/bin/true]\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "notifyHooks in " + file + " must be a map");
  }

  @Test
  void badSettingsNameTheSettingAndTheFix() {
    assertError(new String[] {"--keepalived-binary", BIN}, Map.of(), "--member");
    assertError(new String[] {"--member", "CVM_A", "--keepalived-binary", BIN}, Map.of(), "--member (env VIPPAIR_MEMBER");
    assertError(new String[] {"--member", "a", "--keepalived-binary", "/nonexistent/keepalived"}, Map.of(), "apt-get install keepalived");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--metrics-port", "99999"}, Map.of(), "--metrics-port");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN}, Map.of("VIPPAIR_METRICS_PORT", "x"), "VIPPAIR_METRICS_PORT");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--run-dir", "/run/my dir"}, Map.of(), "--run-dir");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--keepalived-mode", "docker"}, Map.of(), "child");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--bogus", "1"}, Map.of(), "unknown flag '--bogus'");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--kubeconfig", "/nonexistent"}, Map.of(), "--kubeconfig");
    assertError(new String[] {"--member", "a", "--keepalived-binary", BIN, "--namespaces", "db,Bad_ns"}, Map.of(), "--namespaces");
    assertError(new String[] {"--member"}, Map.of(), "needs a value");
  }

  @Test
  void badFilesNameTheKey() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nmetricPort: 1\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "unknown setting 'metricPort'");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nlocalChecks:\n  mysql:\n    exec: mysqladmin ping\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "localChecks.mysql");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nlocalChecks:\n  mysql:\n    exec: [mysqladmin, ping]\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "absolute path");
    Files.writeString(file, "member: a\nkeepalivedBinary: /bin/true\nlocalChecks:\n  mysql:\n    exec: [/bin/true]\n    timeoutSeconds: 0\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "localChecks.mysql in");
    Files.writeString(file, "member: [a\n");
    assertError(new String[] {"--config", file.toString()}, Map.of(), "cannot read it as YAML");
  }

  private static void assertError(String[] args, Map<String, String> env, String expected) {
    assertThatThrownBy(() -> AgentSettings.load(args, env)).isInstanceOf(BadSetting.class).hasMessageContaining(expected);
  }
}
