package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent DaemonSet: host network, only keepalived's capabilities, member = node name. */
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
  void memberIsTheNodeName() {
    assertThat(String.join(" ", list(container(), "args").stream().map(Object::toString).toList()))
        .contains("--member $(NODE_NAME)", "--keepalived-mode child", "--metrics-port 9190");
    assertThat(list(container(), "env")).contains(
        Map.of("name", "NODE_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "spec.nodeName"))));
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
}
