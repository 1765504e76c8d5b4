package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Least privilege: no wildcards anywhere, and the exact rights of the operator and the agents. */
class RbacTest {

  /** One RBAC rule flattened to "apiGroup/resource[names]: verbs", easy to compare and read. */
  static Set<String> rules(Map<String, Object> role) {
    Set<String> out = new TreeSet<>();
    for (Object r : list(role, "rules")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> rule = (Map<String, Object>) r;
      for (Object group : list(rule, "apiGroups")) {
        for (Object resource : list(rule, "resources")) {
          List<Object> names = list(rule, "resourceNames");
          out.add(group + "/" + resource + (names.isEmpty() ? "" : names.toString()) + ": "
              + new TreeSet<>(list(rule, "verbs").stream().map(Object::toString).toList()));
        }
      }
    }
    return out;
  }

  static List<Map<String, Object>> allRoles() {
    List<Map<String, Object>> roles = new ArrayList<>();
    for (String dir : DeployAssets.kustomizations()) {
      var objects = DeployAssets.render(dir);
      roles.addAll(DeployAssets.ofKind(objects, "Role"));
      roles.addAll(DeployAssets.ofKind(objects, "ClusterRole"));
    }
    roles.addAll(DeployAssets.ofKind(agentIdentity("cvm-a", "db"), "Role"));
    return roles;
  }

  static List<Map<String, Object>> agentIdentity(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "deploy/agent/create-agent-identity.sh", "--print"));
    command.addAll(List.of(args));
    var r = DeployAssets.run(command);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return DeployAssets.parseYamlDocuments(r.stdout());
  }

  @Test
  void noRoleUsesAWildcard() {
    var roles = allRoles();
    assertThat(roles).hasSizeGreaterThan(5);
    for (var role : roles) {
      for (Object r : list(role, "rules")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) r;
        for (String field : List.of("verbs", "resources", "apiGroups", "resourceNames", "nonResourceURLs")) {
          assertThat(list(rule, field)).as("%s %s: %s", role.get("kind"), map(role, "metadata").get("name"), field)
              .doesNotContain("*");
        }
      }
    }
  }

  @Test
  void operatorHasExactlyTheRightsItUses() {
    var objects = DeployAssets.render("deploy/operator");
    assertThat(rules(DeployAssets.named(objects, "ClusterRole", "vippair-operator"))).containsExactlyInAnyOrder(
        "vippair.io/vippairs: [get, list, patch, update, watch]",
        "vippair.io/vippairs/status: [patch, update]",
        "vippair.io/vippairs/finalizers: [update]",
        "/events: [create, patch]",
        "authorization.k8s.io/selfsubjectrulesreviews: [create]");
    // java-operator-sdk 5.2.3 requires get, create and update on its Lease; fabric8 renews by patch.
    assertThat(rules(DeployAssets.named(objects, "Role", "vippair-operator-leader-election"))).containsExactlyInAnyOrder(
        "coordination.k8s.io/leases: [create]",
        "coordination.k8s.io/leases[vippair-operator]: [get, patch, update]");
    assertThat(rules(DeployAssets.named(objects, "Role", "vippair-operator"))).containsExactlyInAnyOrder(
        "coordination.k8s.io/leases: [get, list, watch]",
        "/secrets[tencent-api]: [get]");
  }

  @Test
  void agentCanReadPairsPatchStatusAndRenewOnlyItsOwnLease() {
    var cluster = DeployAssets.render("deploy/agent");
    assertThat(rules(DeployAssets.named(cluster, "ClusterRole", "vippair-agent"))).containsExactlyInAnyOrder(
        "vippair.io/vippairs: [get, list, watch]",
        "vippair.io/vippairs/status: [patch]");
    assertThat(rules(DeployAssets.named(cluster, "Role", "vippair-agent-lease-create")))
        .containsExactly("coordination.k8s.io/leases: [create]");

    var identity = agentIdentity("cvm-a", "db", "web");
    assertThat(DeployAssets.ofKind(identity, "Role")).hasSize(1);
    assertThat(rules(DeployAssets.named(identity, "Role", "vippair-agent-cvm-a")))
        .containsExactly("coordination.k8s.io/leases[vippair-agent-cvm-a]: [get, update]");
    assertThat(DeployAssets.ofKind(identity, "ClusterRoleBinding")).as("bound per namespace only").isEmpty();
    assertThat(DeployAssets.ofKind(identity, "RoleBinding"))
        .filteredOn(b -> "ClusterRole".equals(map(b, "roleRef").get("kind")))
        .extracting(b -> map(b, "metadata").get("namespace"))
        .containsExactlyInAnyOrder("db", "web");
    assertThat(DeployAssets.named(identity, "ServiceAccount", "agent-cvm-a")).isNotNull();
  }

  @Test
  void agentWithoutNamespacesReadsPairsClusterWide() {
    var identity = agentIdentity("cvm-b");
    var binding = DeployAssets.named(identity, "ClusterRoleBinding", "vippair-agent-cvm-b");
    assertThat(map(binding, "roleRef").get("name")).isEqualTo("vippair-agent");
  }

  @Test
  void identityScriptRejectsABadMemberNameAndChangesNothing() {
    var r = DeployAssets.run(List.of("bash", "deploy/agent/create-agent-identity.sh", "--print", "CVM_A"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("member 'CVM_A' is not a DNS label");
    assertThat(r.stdout()).isEmpty();
  }
}
