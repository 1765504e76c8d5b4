package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization under deploy/ renders offline, the way users and GitOps tools apply it. */
class KustomizeRenderTest {

  @BeforeAll
  static void kubectlIsInstalled() {
    // CI machines have kubectl like developer machines; a missing kubectl is a broken machine,
    // not a reason to skip.
    assertThat(DeployAssets.onPath("kubectl")).as("kubectl on PATH (it renders kustomizations offline)").isTrue();
  }

  static List<String> kustomizations() {
    return DeployAssets.kustomizations();
  }

  @Test
  void everyInstallVariantIsAKustomization() {
    assertThat(kustomizations()).contains(
        "deploy/operator", "deploy/overlays/watch-all", "deploy/overlays/watch-namespace",
        "deploy/overlays/sharded", "deploy/agent", "deploy/agent/daemonset", "deploy/monitoring");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void rendersWithNamesAndKinds(String dir) {
    List<Map<String, Object>> objects = DeployAssets.render(dir);
    assertThat(objects).as(dir).isNotEmpty();
    for (Map<String, Object> o : objects) {
      assertThat(o).as("%s: object %s", dir, o).containsKeys("apiVersion", "kind", "metadata");
      assertThat(DeployAssets.map(o, "metadata")).as("%s: %s", dir, o.get("kind")).containsKey("name");
    }
  }

  private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("Namespace", "CustomResourceDefinition",
      "ClusterRole", "ClusterRoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

  /** The directories users apply as they are (the others are fragments they include). */
  static List<String> installs() {
    return List.of("deploy/operator", "deploy/overlays/watch-all", "deploy/overlays/watch-namespace",
        "deploy/overlays/sharded", "deploy/agent", "deploy/agent/daemonset", "deploy/monitoring", "deploy/kind",
        "deploy/overlays/kube-prometheus-stack", "deploy/overlays/tke-oidc");
  }

  @ParameterizedTest
  @MethodSource("installs")
  void appliesAsItIsWithEveryNamespaceSpelledOut(String dir) {
    for (Map<String, Object> o : DeployAssets.render(dir)) {
      var metadata = DeployAssets.map(o, "metadata");
      if (!CLUSTER_SCOPED.contains(o.get("kind"))) {
        assertThat(metadata).as("%s: %s %s has a namespace", dir, o.get("kind"), metadata.get("name")).containsKey("namespace");
      }
      for (Object s : DeployAssets.list(o, "subjects")) {
        @SuppressWarnings("unchecked")
        var subject = (Map<String, Object>) s;
        if ("ServiceAccount".equals(subject.get("kind"))) {
          assertThat(subject).as("%s: subject of %s %s", dir, o.get("kind"), metadata.get("name")).containsKey("namespace");
        }
      }
    }
  }

  @Test
  void operatorInstallShipsTheCommittedCrd() {
    var crd = DeployAssets.named(DeployAssets.render("deploy/operator"), "CustomResourceDefinition", "vippairs.vippair.io");
    var committed = DeployAssets.readYamlFile(DeployAssets.repoRoot().resolve("crds/vippairs.vippair.io-v1.yaml"));
    // kustomize re-prints 1.0 as 1; numbers are compared by value.
    assertThat(numbersByValue(crd)).isEqualTo(numbersByValue(committed.get(0)));
  }

  private static Object numbersByValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, numbersByValue(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(KustomizeRenderTest::numbersByValue).toList();
    }
    if (value instanceof Number n) {
      return new java.math.BigDecimal(n.toString()).stripTrailingZeros();
    }
    return value;
  }

  @Test
  void shardsWatchDisjointLabelsEachWithItsOwnLeaderLease() {
    var objects = DeployAssets.render("deploy/overlays/sharded");
    var configs = DeployAssets.ofKind(objects, "ConfigMap");
    assertThat(configs).extracting(c -> DeployAssets.map(c, "data").get("VIPPAIR_LABEL_SELECTOR"))
        .containsExactlyInAnyOrder("vippair.io/shard=a", "vippair.io/shard=b");
    // The Lease is named vippair-operator in the pod's namespace: one namespace per shard.
    assertThat(DeployAssets.ofKind(objects, "Deployment"))
        .extracting(d -> DeployAssets.map(d, "metadata").get("namespace"))
        .containsExactlyInAnyOrder("vippair-shard-a", "vippair-shard-b");
    // Both shards read the agents' Leases where the agents write them.
    assertThat(DeployAssets.ofKind(objects, "RoleBinding"))
        .filteredOn(b -> "vippair-system".equals(DeployAssets.map(b, "metadata").get("namespace")))
        .hasSize(2);
  }

  @Test
  void watchNamespaceGrantsVipPairRightsOnlyInThatNamespace() {
    var objects = DeployAssets.render("deploy/overlays/watch-namespace");
    assertThat(DeployAssets.ofKind(objects, "ClusterRoleBinding")).isEmpty();
    var binding = DeployAssets.named(objects, "RoleBinding", "vippair-operator");
    assertThat(DeployAssets.map(binding, "metadata").get("namespace")).isEqualTo("db");
    var config = DeployAssets.named(objects, "ConfigMap", "vippair-operator-config");
    assertThat(DeployAssets.map(config, "data").get("VIPPAIR_NAMESPACES")).isEqualTo("db");
  }
}
