package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator Deployment and its neighbours follow the contract (ports, flags) and hardening. */
class OperatorDeploymentTest {

  private final List<Map<String, Object>> objects = DeployAssets.render("deploy/operator");

  @SuppressWarnings("unchecked")
  private Map<String, Object> container() {
    var pod = map(map(DeployAssets.named(objects, "Deployment", "vippair-operator"), "spec"), "template");
    return (Map<String, Object>) list(map(pod, "spec"), "containers").get(0);
  }

  private Map<String, Object> podSpec() {
    return map(map(map(DeployAssets.named(objects, "Deployment", "vippair-operator"), "spec"), "template"), "spec");
  }

  @Test
  void twoReplicasWithLeaderElection() {
    assertThat(map(DeployAssets.named(objects, "Deployment", "vippair-operator"), "spec").get("replicas")).isEqualTo(2);
    assertThat(String.join(" ", list(container(), "args").stream().map(Object::toString).toList()))
        .contains("--leader-election true", "--metrics-port 8080", "--agent-lease-namespace vippair-system");
    assertThat(DeployAssets.named(objects, "PodDisruptionBudget", "vippair-operator")).extracting(p -> map(p, "spec").get("minAvailable"))
        .isEqualTo(1);
  }

  @Test
  void theGracePeriodCoversTheHandOver() {
    // the operator exits within 5 s of SIGTERM (LeaderHandOverTest); a grace period shorter than
    // that would SIGKILL it before it releases the Lease, one much longer hides a hung stop
    assertThat((Integer) podSpec().get("terminationGracePeriodSeconds")).isBetween(6, 15);
  }

  @Test
  void probesAndMetricsOnPort8080() {
    var c = container();
    assertThat(map(map(c, "livenessProbe"), "httpGet")).containsEntry("path", "/healthz").containsEntry("port", "metrics");
    assertThat(map(map(c, "readinessProbe"), "httpGet")).containsEntry("path", "/readyz").containsEntry("port", "metrics");
    assertThat(list(c, "ports")).containsExactly(Map.of("name", "metrics", "containerPort", 8080, "protocol", "TCP"),
        Map.of("name", "heartbeat", "containerPort", 7470, "protocol", "UDP"));
    var service = DeployAssets.named(objects, "Service", "vippair-operator-metrics");
    assertThat(list(map(service, "spec"), "ports")).hasSize(1);
    // the agents' heartbeats reach every replica: headless, ready or not (a standby listens too)
    var heartbeat = map(DeployAssets.named(objects, "Service", "vippair-operator-heartbeat"), "spec");
    assertThat(heartbeat).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
    assertThat(list(heartbeat, "ports")).containsExactly(Map.of("name", "heartbeat", "port", 7470, "targetPort", "heartbeat",
        "protocol", "UDP"));
    assertThat(c).containsKey("resources");
  }

  @Test
  void runsLockedDown() {
    var sc = map(container(), "securityContext");
    assertThat(sc).containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("runAsNonRoot", true);
    assertThat(map(sc, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
    assertThat(map(sc, "capabilities")).doesNotContainKey("add");
    assertThat(map(map(podSpec(), "securityContext"), "seccompProfile")).containsEntry("type", "RuntimeDefault");
    assertThat(map(podSpec(), "securityContext")).containsEntry("runAsUser", 65532);
  }

  @Test
  void configurationComesFromTheConfigMapWithTheContractsVariables() {
    var config = DeployAssets.named(objects, "ConfigMap", "vippair-operator-config");
    assertThat(map(config, "data")).containsOnlyKeys("VIPPAIR_NAMESPACES", "VIPPAIR_LABEL_SELECTOR", "VIPPAIR_CLOUD_ENDPOINT",
        "VIPPAIR_HEARTBEAT_KEY_FILE");
    assertThat(map(config, "data")).as("heartbeats are off until the user creates their Secret").containsEntry("VIPPAIR_HEARTBEAT_KEY_FILE", "");
    assertThat(list(container(), "envFrom")).containsExactly(Map.of("configMapRef", Map.of("name", "vippair-operator-config")));
  }

  @Test
  void networkPolicyAllowsOnlyMetricsAndHeartbeatsInAndDnsApiServerCloudOut() {
    var spec = map(DeployAssets.named(objects, "NetworkPolicy", "vippair-operator"), "spec");
    assertThat(list(spec, "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(list(spec, "ingress")).containsExactly(Map.of("ports", List.of(Map.of("port", "metrics", "protocol", "TCP"))),
        Map.of("ports", List.of(Map.of("port", "heartbeat", "protocol", "UDP"))));
    List<Object> egressPorts = list(spec, "egress").stream()
        .flatMap(e -> {
          @SuppressWarnings("unchecked")
          var rule = (Map<String, Object>) e;
          return list(rule, "ports").stream();
        })
        .map(p -> {
          @SuppressWarnings("unchecked")
          var port = (Map<String, Object>) p;
          return port.get("protocol") + "/" + port.get("port");
        })
        .map(Object.class::cast)
        .toList();
    // DNS twice: the kube-dns pods and NodeLocal DNSCache (DeployFitTest checks its address)
    assertThat(egressPorts).containsExactlyInAnyOrder("UDP/53", "TCP/53", "UDP/53", "TCP/53", "TCP/443", "TCP/6443");
  }

  @Test
  void exampleCredentialsSecretHoldsNoRealKeyAndIsNotApplied() {
    var example = DeployAssets.readYamlFile(DeployAssets.deploy("operator/cloud-credentials.example.yaml")).get(0);
    assertThat(map(example, "stringData").values()).allSatisfy(v -> assertThat(v.toString()).startsWith("REPLACE-WITH-"));
    assertThat(DeployAssets.ofKind(objects, "Secret")).isEmpty();
  }
}
