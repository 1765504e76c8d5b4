package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.operator.OperatorSettings;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.cloud.tencent.CloudActions;
import io.vippair.operator.metrics.AgentTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deploy assets fit a default cluster: one owner for vippair-system, monitoring objects that a
 * default kube-prometheus-stack selects, every operator scraped, NodeLocal DNS reachable, the OIDC
 * overlay wired end to end, and a CAM policy with exactly the actions the code calls.
 */
class DeployFitTest {

  private static final String SYSTEM = "vippair-system";

  private static boolean hasNamespace(String dir, String name) {
    return DeployAssets.ofKind(DeployAssets.render(dir), "Namespace").stream()
        .anyMatch(n -> name.equals(map(n, "metadata").get("name")));
  }

  @Test
  void theSystemNamespaceHasOneOwnerThatDeletingItsApplicationKeeps() {
    // the operator (or instead of it, the sharded operators) owns it; what is applied next to it does not
    assertThat(hasNamespace("deploy/operator", SYSTEM)).isTrue();
    assertThat(hasNamespace("deploy/overlays/sharded", SYSTEM)).isTrue();
    for (String other : List.of("deploy/agent", "deploy/agent/daemonset", "deploy/monitoring",
        "deploy/overlays/kube-prometheus-stack")) {
      assertThat(hasNamespace(other, SYSTEM)).as("%s must not own %s", other, SYSTEM).isFalse();
    }
    var ns = DeployAssets.named(DeployAssets.render("deploy/operator"), "Namespace", SYSTEM);
    assertThat(map(map(ns, "metadata"), "annotations"))
        .containsEntry("argocd.argoproj.io/sync-options", "Delete=false")
        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
  }

  @Test
  void theKubePrometheusStackComponentLabelsEveryPrometheusOperatorObject() {
    var plain = DeployAssets.render("deploy/monitoring");
    var objects = DeployAssets.render("deploy/overlays/kube-prometheus-stack");
    var monitoring = objects.stream().filter(o -> String.valueOf(o.get("apiVersion")).startsWith("monitoring.coreos.com/")).toList();
    assertThat(monitoring).extracting(o -> o.get("kind"))
        .contains("ServiceMonitor", "PodMonitor", "PrometheusRule", "ScrapeConfig");
    for (var o : monitoring) {
      assertThat(map(map(o, "metadata"), "labels")).as("%s", o.get("kind")).containsEntry("release", "kube-prometheus-stack");
      assertThat(map(o, "metadata")).containsEntry("namespace", SYSTEM);
    }
    assertThat(objects).hasSize(plain.size() + 1);
    // the dashboard keeps the Grafana sidecar's label, and the plain install adds no release label
    assertThat(map(map(DeployAssets.named(objects, "ConfigMap", "vippair-grafana-dashboard"), "metadata"), "labels"))
        .containsEntry("grafana_dashboard", "1").doesNotContainKey("release");
    assertThat(plain).allSatisfy(o -> assertThat(map(o, "metadata").get("labels").toString()).doesNotContain("release"));
  }

  @SuppressWarnings("unchecked")
  @Test
  void everyOperatorServiceOfEveryInstallIsScraped() {
    var monitor = DeployAssets.named(DeployAssets.render("deploy/monitoring"), "ServiceMonitor", "vippair-operator");
    var spec = map(monitor, "spec");
    assertThat(map(spec, "namespaceSelector")).containsEntry("any", true);
    var wanted = (Map<String, Object>) map(spec, "selector").get("matchLabels");
    String port = (String) ((Map<String, Object>) list(spec, "endpoints").get(0)).get("port");
    for (String install : List.of("deploy/operator", "deploy/overlays/sharded", "deploy/overlays/tke-oidc")) {
      var services = DeployAssets.ofKind(DeployAssets.render(install), "Service");
      assertThat(services).as(install).isNotEmpty();
      // the agents' heartbeat Service carries no metrics, and the ServiceMonitor must not select it
      var heartbeat = services.stream().filter(s -> String.valueOf(map(s, "metadata").get("name")).startsWith("vippair-operator-heartbeat")).toList();
      assertThat(heartbeat).as("one per operator instance: %s", install).isNotEmpty();
      for (var h : heartbeat) {
        assertThat(map(map(h, "metadata"), "labels")).as(install).doesNotContainEntry("app.kubernetes.io/name",
            wanted.get("app.kubernetes.io/name"));
      }
      services = services.stream().filter(s -> !heartbeat.contains(s)).toList();
      for (var s : services) {
        assertThat(map(map(s, "metadata"), "labels")).as("%s %s", install, map(s, "metadata").get("name")).containsAllEntriesOf(wanted);
        assertThat(list(map(s, "spec"), "ports")).extracting(p -> ((Map<String, Object>) p).get("name")).contains(port);
      }
    }
    // with two shards, one shard without a leader must still fire
    var noLeader = MetricNamesTest.alertRules().stream().filter(r -> "VipPairOperatorNoLeader".equals(r.get("alert"))).findFirst().orElseThrow();
    assertThat((String) noLeader.get("expr")).contains("by (namespace)");
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(strings = {"deploy/operator", "deploy/overlays/sharded", "deploy/overlays/tke-oidc", "deploy/kind"})
  void theNetworkPolicyLetsTheOperatorAskNodeLocalDns(String install) {
    for (var policy : DeployAssets.ofKind(DeployAssets.render(install), "NetworkPolicy")) {
      boolean nodeLocal = list(map(policy, "spec"), "egress").stream().map(e -> (Map<String, Object>) e)
          .filter(e -> list(e, "to").stream().anyMatch(t -> String.valueOf(t).contains("cidr=169.254.20.10/32")))
          .anyMatch(e -> list(e, "ports").containsAll(List.of(Map.of("port", 53, "protocol", "UDP"),
              Map.of("port", 53, "protocol", "TCP"))));
      assertThat(nodeLocal).as("%s: %s allows 169.254.20.10:53 UDP and TCP", install, map(policy, "metadata").get("name")).isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void theTkeOidcOverlayGivesTheOperatorAWebIdentityTheTrustPolicyAccepts() throws Exception {
    var objects = DeployAssets.render("deploy/overlays/tke-oidc");
    var deployment = DeployAssets.named(objects, "Deployment", "vippair-operator");
    var pod = map(map(deployment, "spec"), "template");
    var container = (Map<String, Object>) list(map(pod, "spec"), "containers").get(0);
    Map<String, String> env = new HashMap<>();
    map(DeployAssets.named(objects, "ConfigMap", "vippair-operator-config"), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
    env.put("POD_NAME", "vippair-operator-x");
    env.put("POD_NAMESPACE", SYSTEM);
    var args = list(container, "args").stream().map(Object::toString).toList();
    assertThat(OperatorSettings.parse(args, env).cloudCredentials()).isInstanceOf(CredentialsResolver.DefaultSource.Oidc.class);
    assertThat(env).containsKeys("TKE_REGION", "TKE_PROVIDER_ID", "TKE_ROLE_ARN", "TKE_WEB_IDENTITY_TOKEN_FILE");

    // the token file is where the projected token is mounted, with the audience the trust policy names
    var mount = list(container, "volumeMounts").stream().map(m -> (Map<String, Object>) m)
        .filter(m -> "tke-oidc-token".equals(m.get("name"))).findFirst().orElseThrow();
    assertThat(env.get("TKE_WEB_IDENTITY_TOKEN_FILE")).isEqualTo(mount.get("mountPath") + "/token");
    var volume = list(map(pod, "spec"), "volumes").stream().map(v -> (Map<String, Object>) v)
        .filter(v -> "tke-oidc-token".equals(v.get("name"))).findFirst().orElseThrow();
    var token = (Map<String, Object>) ((Map<String, Object>) list(map(volume, "projected"), "sources").get(0)).get("serviceAccountToken");
    assertThat(token).containsEntry("path", "token");

    var trust = DeployAssets.readJsonObject(DeployAssets.read(DeployAssets.deploy("cam/tke-oidc-role-trust-policy.json")));
    var statement = (Map<String, Object>) list(trust, "statement").get(0);
    assertThat(statement).containsEntry("action", "name/sts:AssumeRoleWithWebIdentity");
    var equal = map(map(statement, "condition"), "string_equal");
    assertThat(list(equal, "oidc:aud")).containsExactly(token.get("audience"));
    String serviceAccount = (String) map(pod, "spec").get("serviceAccountName");
    assertThat(list(equal, "oidc:sub")).containsExactly(
        "system:serviceaccount:" + map(deployment, "metadata").get("namespace") + ":" + serviceAccount);
  }

  /**
   * The SDK methods the Tencent cloud seam calls (c.DescribeNetworkInterfaces(req), ...) and the
   * actions it sends as JSON (c.call(CloudActions.DESCRIBE_HA_VIPS, body)), read from its source.
   */
  static Set<String> sdkCallsInTheCode() {
    Pattern call = Pattern.compile("\\bc\\.([A-Z][A-Za-z]+)\\(|\\bc\\.call\\(CloudActions\\.([A-Z_]+)");
    Set<String> found = new TreeSet<>();
    Path seam = DeployAssets.repoRoot().resolve("operator/src/main/java/io/vippair/operator/cloud");
    try (Stream<Path> files = Files.walk(seam)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = call.matcher(DeployAssets.read(f));
        while (m.find()) {
          found.add(m.group(1) != null ? m.group(1) : jsonAction(m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static String jsonAction(String constant) {
    try {
      return (String) CloudActions.class.getField(constant).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("CloudActions has no constant " + constant, e);
    }
  }

  @Test
  void theCamPolicyAllowsExactlyTheActionsTheCodeCalls() {
    var policy = DeployAssets.readJsonObject(DeployAssets.read(DeployAssets.deploy("cam/vippair-operator-policy.json")));
    assertThat(policy).containsEntry("version", "2.0");
    List<String> allowed = list(policy, "statement").stream()
        .map(s -> (Map<?, ?>) s)
        .peek(s -> assertThat(s.get("effect")).isEqualTo("allow"))
        .flatMap(s -> ((List<?>) s.get("action")).stream().map(Object::toString))
        .toList();
    assertThat(allowed).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).startsWith("vpc:"));
    Set<String> actions = new TreeSet<>(allowed.stream().map(a -> a.substring("vpc:".length())).toList());
    // the code's list of actions (operator/.../cloud/tencent/CloudActions.ALL) and the SDK calls it really makes
    assertThat(actions).isEqualTo(new TreeSet<>(CloudActions.ALL));
    assertThat(sdkCallsInTheCode()).isEqualTo(new TreeSet<>(CloudActions.ALL));
  }

  @SuppressWarnings("unchecked")
  @Test
  void theVmAgentsAreDiscoveredThroughTheOperatorsService() {
    var objects = DeployAssets.render("deploy/overlays/kube-prometheus-stack");
    var scrape = map(DeployAssets.named(objects, "ScrapeConfig", "vippair-vm-agents"), "spec");
    String url = (String) ((Map<String, Object>) list(scrape, "httpSDConfigs").get(0)).get("url");
    var service = DeployAssets.named(DeployAssets.render("deploy/operator"), "Service", "vippair-operator-metrics");
    var port = (Map<String, Object>) list(map(service, "spec"), "ports").get(0);
    assertThat(url).isEqualTo("http://" + map(service, "metadata").get("name") + "." + map(service, "metadata").get("namespace")
        + ".svc:" + port.get("port") + AgentTargets.PATH);
    // the same job as the DaemonSet's agents, which VipPairAgentDown watches
    assertThat(list(scrape, "relabelings")).contains(Map.of("targetLabel", "job", "replacement", "vippair-agent"));
    var agentDown = MetricNamesTest.alertRules().stream().filter(r -> "VipPairAgentDown".equals(r.get("alert"))).findFirst().orElseThrow();
    assertThat((String) agentDown.get("expr")).contains("job=\"vippair-agent\"");
  }
}
