package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent DaemonSet: host network, only keepalived's capabilities, member = node name; and
 * keepalived in a DaemonSet of its own, which outlives agent rollouts and shares the agent's run dir.
 */
class AgentDaemonSetTest {

  private final List<Map<String, Object>> objects = DeployAssets.render("deploy/agent/daemonset");

  private Map<String, Object> podSpec() {
    return map(map(map(DeployAssets.named(objects, "DaemonSet", "vippair-agent"), "spec"), "template"), "spec");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> container() {
    return (Map<String, Object>) list(podSpec(), "containers").get(0);
  }

  @Test
  void runsInTheHostNetworkWithOnlyKeepalivedsCapabilities() {
    assertThat(podSpec()).containsEntry("hostNetwork", true).containsEntry("serviceAccountName", "vippair-agent");
    var sc = map(container(), "securityContext");
    assertThat(map(sc, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
    assertThat(map(sc, "capabilities").get("add")).isEqualTo(List.of("NET_ADMIN", "NET_RAW", "NET_BROADCAST"));
    assertThat(sc).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true)
        .doesNotContainKey("privileged");
  }

  @Test
  void memberComesFromTheNodesLabelElseItsName() {
    assertThat(String.join(" ", list(container(), "args").stream().map(Object::toString).toList()))
        .contains("--member-from-node $(NODE_NAME)", "--keepalived-mode external", "--run-dir /run/vippair", "--metrics-port 9190");
    assertThat(list(container(), "env")).contains(
        Map.of("name", "NODE_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "spec.nodeName"))));
  }

  @Test
  void theAgentMayReadNodesToFindItsMember() {
    assertThat(RbacTest.rules(DeployAssets.named(objects, "ClusterRole", "vippair-agent-node-reader")))
        .containsExactly("/nodes: [get]");
    var binding = DeployAssets.named(objects, "ClusterRoleBinding", "vippair-agent-node-reader");
    assertThat(list(binding, "subjects")).containsExactly(
        Map.of("kind", "ServiceAccount", "name", "vippair-agent", "namespace", "vippair-agents"));
  }

  @Test
  void agentConfigNamesNoCommandAndNoCredentials() {
    var config = DeployAssets.parseYamlDocuments(
        (String) map(DeployAssets.named(objects, "ConfigMap", "vippair-agent-config"), "data").get("agent.yaml")).get(0);
    assertThat(config).doesNotContainKeys("kubeconfig", "member");
    assertThat(config.get("localChecks")).isEqualTo(Map.of());
  }

  @Test
  void daemonSetLeaseRightsAreLimitedByTheAdmissionPolicyShippedWithIt() {
    assertThat(RbacTest.rules(DeployAssets.named(objects, "Role", "vippair-agent-daemonset-leases")))
        .containsExactly("coordination.k8s.io/leases: [get, update]");
    assertThat(DeployAssets.ofKind(objects, "ValidatingAdmissionPolicy")).extracting(p -> map(p, "metadata").get("name"))
        .containsExactlyInAnyOrder("vippair-agent-writes-own-status", "vippair-agent-own-lease");
    assertThat(DeployAssets.ofKind(objects, "ValidatingAdmissionPolicyBinding")).hasSize(2);
  }

  @Test
  void keepalivedRunsInItsOwnPodsThatAnAgentRolloutNeverReplaces() {
    var keepalived = DeployAssets.named(objects, "DaemonSet", "vippair-keepalived");
    assertThat(map(map(keepalived, "spec"), "updateStrategy")).isEqualTo(Map.of("type", "OnDelete"));
    var spec = map(map(map(keepalived, "spec"), "template"), "spec");
    assertThat(spec).containsEntry("hostNetwork", true).containsEntry("hostPID", true)
        .containsEntry("automountServiceAccountToken", false);
    assertThat(podSpec()).as("the agent sees keepalived's pid to adopt and signal it").containsEntry("hostPID", true);
    @SuppressWarnings("unchecked")
    var container = (Map<String, Object>) list(spec, "containers").get(0);
    String script = String.join("\n", list(container, "args").stream().map(Object::toString).toList());
    // the command line the agent looks for when it adopts keepalived (ChildKeepalived)
    assertThat(script).contains("TMPDIR=\"$run/keepalived-tmp\"", "-f \"$run/keepalived.conf\" -p \"$run/keepalived.pid\"",
        "-r \"$run/keepalived-vrrp.pid\" -c \"$run/keepalived-checkers.pid\" -l -D -n --vrrp", "keepalived.hold", "run=/run/vippair");
    var sc = map(container, "securityContext");
    assertThat(map(sc, "capabilities").get("add")).isEqualTo(List.of("NET_ADMIN", "NET_RAW", "NET_BROADCAST"));
    assertThat(hostPath(spec)).isEqualTo("/run/vippair").isEqualTo(hostPath(podSpec()));
  }

  @SuppressWarnings("unchecked")
  private static String hostPath(Map<String, Object> podSpec) {
    return list(podSpec, "volumes").stream().map(v -> (Map<String, Object>) v).filter(v -> "run".equals(v.get("name")))
        .map(v -> (String) map(v, "hostPath").get("path")).findFirst().orElse(null);
  }
}
