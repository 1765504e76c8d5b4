package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.config.AgentSettings;
import io.vippair.agent.config.KeepalivedMode;
import io.vippair.operator.OperatorSettings;
import io.vippair.operator.cloud.CredentialsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flags, environment and config files in the manifests, read by the operator's and the
 * agent's own parsers: a renamed flag or setting fails here, not on a user's cluster.
 */
class SettingsContractTest {

  private static List<String> strings(Map<String, Object> parent, String key) {
    return list(parent, key).stream().map(Object::toString).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstContainer(Map<String, Object> workload) {
    return (Map<String, Object>) list(map(map(map(workload, "spec"), "template"), "spec"), "containers").get(0);
  }

  /** The operator as the Deployment starts it: its args, and its ConfigMap as environment. */
  private static OperatorSettings operatorOf(String dir, String deployment, String configMap) throws Exception {
    var objects = DeployAssets.render(dir);
    var container = firstContainer(DeployAssets.named(objects, "Deployment", deployment));
    Map<String, String> env = new HashMap<>();
    map(DeployAssets.named(objects, "ConfigMap", configMap), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
    env.put("POD_NAME", "vippair-operator-7d9c-x2x1");
    env.put("POD_NAMESPACE", "vippair-system");
    return OperatorSettings.parse(strings(container, "args"), env);
  }

  @ParameterizedTest
  @CsvSource({
      "deploy/operator, vippair-operator, vippair-operator-config, '', ''",
      "deploy/overlays/watch-all, vippair-operator, vippair-operator-config, '', ''",
      "deploy/overlays/watch-namespace, vippair-operator, vippair-operator-config, db, ''",
      "deploy/overlays/sharded, vippair-operator-shard-a, vippair-operator-config-shard-a, '', vippair.io/shard=a",
      "deploy/overlays/sharded, vippair-operator-shard-b, vippair-operator-config-shard-b, '', vippair.io/shard=b",
      "deploy/kind, vippair-operator, vippair-operator-config, '', ''"})
  void operatorAcceptsItsManifestSettings(String dir, String deployment, String configMap, String namespace, String selector)
      throws Exception {
    OperatorSettings s = operatorOf(dir, deployment, configMap);
    assertThat(s.namespaces()).isEqualTo(namespace.isEmpty() ? Set.of() : Set.of(namespace));
    assertThat(s.labelSelector()).isEqualTo(selector.isEmpty() ? null : selector);
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.agentLeaseNamespace()).isEqualTo("vippair-system");
    assertThat(s.cloudCredentials()).isEqualTo(new CredentialsResolver.DefaultSource.FromSecret("vippair-system", "tencent-api"));
  }

  @Test
  void kindPointsTheOperatorAtTheEmulatorService() throws Exception {
    OperatorSettings s = operatorOf("deploy/kind", "vippair-operator", "vippair-operator-config");
    assertThat(s.cloud().endpoint().toString()).contains("vippair-cloud-emulator.vippair-system.svc:18080");
  }

  private static List<String> agentArgs(Path config, String... more) {
    List<String> args = new ArrayList<>(List.of("--config", config.toString()));
    args.addAll(List.of(more));
    // Whether keepalived is installed is a fact about this machine, not about the file: the
    // file's own value is checked below.
    args.addAll(List.of("--keepalived-binary", "/bin/sh"));
    return args;
  }

  @Test
  void agentAcceptsTheExampleConfigOfAVm(@TempDir Path dir) throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Path example = DeployAssets.deploy("agent/agent.yaml");
    AgentConfig c = AgentSettings.load(agentArgs(example, "--member", "cvm-a", "--kubeconfig", kubeconfig.toString())
        .toArray(String[]::new), Map.of());
    assertThat(c.leaseNamespace()).isEqualTo("vippair-system");
    assertThat(c.keepalivedMode()).isEqualTo(KeepalivedMode.CHILD);
    assertThat(c.metricsPort()).isEqualTo(9190);
    var file = DeployAssets.readYamlFile(example).get(0);
    assertThat(file).containsEntry("keepalivedBinary", "/usr/sbin/keepalived").containsEntry("kubeconfig", "/etc/vippair/kubeconfig");
  }

  @Test
  void agentRefusesTheExampleUntilTheMemberIsSet(@TempDir Path dir) throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    var args = agentArgs(DeployAssets.deploy("agent/agent.yaml"), "--kubeconfig", kubeconfig.toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentSettings.load(args.toArray(String[]::new), Map.of()))
        .hasMessageContaining("member");
  }

  @Test
  void agentAcceptsTheDaemonSetsConfigAndFlags(@TempDir Path dir) throws IOException {
    var objects = DeployAssets.render("deploy/agent/daemonset");
    Path config = Files.writeString(dir.resolve("agent.yaml"),
        (String) map(DeployAssets.named(objects, "ConfigMap", "vippair-agent-config"), "data").get("agent.yaml"));
    var container = firstContainer(DeployAssets.named(objects, "DaemonSet", "vippair-agent"));
    List<String> args = new ArrayList<>(strings(container, "args").stream()
        .map(a -> a.replace("$(NODE_NAME)", "vippair-worker"))
        .toList());
    // The pod's args name the ConfigMap's mount path; here the file is in a temp directory.
    args.set(args.indexOf("/etc/vippair/agent.yaml"), config.toString());
    args.addAll(List.of("--keepalived-binary", "/bin/sh"));
    AgentConfig c = AgentSettings.load(args.toArray(String[]::new), Map.of());
    assertThat(c.member()).as("found from the node at start").isNull();
    assertThat(AgentSettings.memberFromNode(args.toArray(String[]::new), Map.of())).isEqualTo("vippair-worker");
    assertThat(c.kubeconfig()).as("in-cluster credentials").isNull();
    assertThat(c.metricsPort()).isEqualTo(9190);
    assertThat(c.leaseNamespace()).isEqualTo("vippair-system");
  }
}
