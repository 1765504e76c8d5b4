package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent admission policies (deploy/agent/cluster/admission-policy.yaml) evaluated with CEL
 * against sample requests: an agent may change its own status.agents key and nothing else.
 */
class AdmissionPolicyCelTest {

  private static final List<Map<String, Object>> POLICIES = DeployAssets.readYamlFile(
      DeployAssets.deploy("agent/cluster/admission-policy.yaml"));
  private static final AdmissionPolicyEvaluator PAIRS =
      new AdmissionPolicyEvaluator(DeployAssets.named(POLICIES, "ValidatingAdmissionPolicy", "vippair-agent-writes-own-status"));
  private static final AdmissionPolicyEvaluator LEASES =
      new AdmissionPolicyEvaluator(DeployAssets.named(POLICIES, "ValidatingAdmissionPolicy", "vippair-agent-own-lease"));

  private static final String AGENT_A = "system:serviceaccount:vippair-agents:agent-cvm-a";
  private static final String DAEMONSET = "system:serviceaccount:vippair-agents:vippair-agent";

  private static final String PAIR = """
      apiVersion: vippair.io/v1alpha1
      kind: VipPair
      metadata:
        name: mysql-prod
        namespace: db
        generation: 3
        labels: {member.vippair.io/cvm-a: "true", member.vippair.io/cvm-b: "true"}
        finalizers: [vippair.io/finalizer]
      spec:
        cloud: {region: ap-guangzhou, vpcId: vpc-1yxuk010}
        vip: {address: 10.0.1.100}
        failover: {policy: Equal}
        vrrp: {virtualRouterId: 51}
        members:
        - {name: cvm-a, networkInterfaceId: eni-pvsvph0u, privateIp: 10.0.1.17, interface: eth0}
        - {name: cvm-b, networkInterfaceId: eni-qnxioxyi, privateIp: 10.0.1.16, interface: eth0}
      status:
        observedGeneration: 3
        phase: Ready
        master: cvm-a
        cloudOwner: cvm-a
        failovers: 7
        probe: {member: cvm-b, nonce: n-41, deadline: "2026-11-21T10:00:01.000Z"}
        conditions:
        - {type: Ready, status: "True", reason: Converged, message: ok, lastTransitionTime: "2026-11-21T10:00:00Z"}
        agents:
          cvm-a: {role: MASTER, since: "2026-11-21T09:00:00.000Z", healthy: true, ack: n-40}
          cvm-b: {role: BACKUP, since: "2026-11-21T09:00:00.000Z", healthy: true, ack: n-39}
      """;

  private static Map<String, Object> pair() {
    return DeployAssets.parseYamlDocuments(PAIR).get(0);
  }

  /** A copy of the sample pair with one change applied. */
  private static Map<String, Object> changed(Consumer<Map<String, Object>> change) {
    Map<String, Object> copy = pair();
    change.accept(copy);
    return copy;
  }

  private static Map<String, Object> agents(Map<String, Object> vipPair) {
    return map(map(vipPair, "status"), "agents");
  }

  private static Map<String, Object> request(String username, Map<String, List<String>> extra) {
    Map<String, Object> userInfo = new LinkedHashMap<>();
    userInfo.put("username", username);
    userInfo.put("groups", List.of("system:authenticated"));
    userInfo.put("extra", extra);
    return Map.of("operation", "UPDATE", "userInfo", userInfo);
  }

  private static Map<String, Object> request(String username) {
    return request(username, Map.of());
  }

  @Test
  void everyExpressionCompiles() {
    PAIRS.compileAll();
    LEASES.compileAll();
  }

  @Test
  void agentMayChangeItsOwnReport() {
    var after = changed(p -> agents(p).put("cvm-a", Map.of("role", "BACKUP", "since", "2026-11-21T10:05:00.000Z", "ack", "n-42")));
    var decision = PAIRS.admit(request(AGENT_A), after, pair());
    assertThat(decision.matched()).isTrue();
    assertThat(decision.denials()).isEmpty();
  }

  @Test
  void agentMayWriteTheFirstReportOfAPairWithoutStatus() {
    var before = changed(p -> p.remove("status"));
    var after = changed(p -> p.put("status", Map.of("agents", Map.of("cvm-a", Map.of("role", "BACKUP")))));
    assertThat(PAIRS.admit(request(AGENT_A), after, before).denials()).isEmpty();
  }

  @Test
  void agentMayNotWriteAnotherMembersReport() {
    var after = changed(p -> agents(p).put("cvm-b", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(AGENT_A), after, pair()).denials())
        .containsExactly("an agent may write only status.agents.cvm-a, not another member's report");
  }

  @Test
  void agentMayNotAddOrRemoveAnotherMembersReport() {
    var removed = changed(p -> agents(p).remove("cvm-b"));
    assertThat(PAIRS.admit(request(AGENT_A), removed, pair()).denials())
        .containsExactly("an agent may write only status.agents.cvm-a, not remove another member's report");
    var added = changed(p -> agents(p).put("cvm-z", Map.of("role", "MASTER")));
    assertThat(PAIRS.admit(request(AGENT_A), added, pair()).allowed()).isFalse();
  }

  @Test
  void agentMayNotChangeSpecLabelsOrFinalizers() {
    var spec = changed(p -> map(map(p, "spec"), "vrrp").put("virtualRouterId", 52));
    assertThat(PAIRS.admit(request(AGENT_A), spec, pair()).denials()).singleElement().asString().startsWith("spec is not the agent's");
    var labels = changed(p -> map(map(p, "metadata"), "labels").remove("member.vippair.io/cvm-b"));
    assertThat(PAIRS.admit(request(AGENT_A), labels, pair()).denials()).singleElement().asString().startsWith("metadata.labels");
    var finalizers = changed(p -> map(p, "metadata").remove("finalizers"));
    assertThat(PAIRS.admit(request(AGENT_A), finalizers, pair()).denials()).singleElement().asString().startsWith("metadata.finalizers");
  }

  /** One change per operator-owned field; the keys are checked against the API type's own list. */
  private static final Map<String, Consumer<Map<String, Object>>> OPERATOR_FIELD_CHANGES = Map.ofEntries(
      Map.entry("phase", s -> s.put("phase", "Ready2")),
      Map.entry("master", s -> s.put("master", "cvm-b")),
      Map.entry("cloudOwner", s -> s.remove("cloudOwner")),
      Map.entry("failovers", s -> s.put("failovers", 8)),
      Map.entry("probe", s -> s.put("probe", Map.of("member", "cvm-a", "nonce", "x"))),
      Map.entry("fence", s -> s.put("fence", Map.of("member", "cvm-b", "reason", "split brain"))),
      Map.entry("migration", s -> s.put("migration", Map.of("kind", "Migrate", "source", "cvm-a", "target", "cvm-b"))),
      Map.entry("lastFailover", s -> s.put("lastFailover", Map.of("from", "cvm-b", "to", "cvm-a", "millis", 1))),
      Map.entry("conditions", s -> s.put("conditions", List.of())),
      Map.entry("observedGeneration", s -> s.put("observedGeneration", 4)));

  @Test
  void theTestChangesEveryOperatorOwnedFieldOfTheApiType() {
    assertThat(OPERATOR_FIELD_CHANGES.keySet())
        .containsExactlyInAnyOrderElementsOf(io.vippair.api.v1alpha1.VipPairStatus.operatorOwnedFields());
  }

  @Test
  void agentMayNotChangeAnyStatusFieldOfTheOperator() {
    OPERATOR_FIELD_CHANGES.forEach((name, change) -> {
      String field = "status." + name;
      var after = changed(p -> change.accept(map(p, "status")));
      assertThat(PAIRS.admit(request(AGENT_A), after, pair()).denials()).as(field)
          .containsExactly(field + " is written by the operator: an agent may write only status.agents.<its member>");
    });
  }

  @Test
  void otherIdentitiesAreNotJudgedByThisPolicy() {
    var after = changed(p -> map(p, "status").put("phase", "Degraded"));
    var operator = PAIRS.admit(request("system:serviceaccount:vippair-system:vippair-operator"), after, pair());
    assertThat(operator.matched()).isFalse();
  }

  @Test
  void agentsAuthenticatedAsUsersAreHeldToTheirMemberToo() {
    var own = changed(p -> agents(p).put("cvm-b", Map.of("role", "MASTER")));
    assertThat(PAIRS.admit(request("vippair-agent:cvm-b"), own, pair()).denials()).isEmpty();
    var other = changed(p -> agents(p).put("cvm-a", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request("vippair-agent:cvm-b"), other, pair()).allowed()).isFalse();
  }

  @Test
  void daemonSetAgentIsTheMemberNamedByItsNode() {
    var extra = Map.of("authentication.kubernetes.io/node-name", List.of("cvm-a"));
    var own = changed(p -> agents(p).put("cvm-a", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(DAEMONSET, extra), own, pair()).denials()).isEmpty();
    var other = changed(p -> agents(p).put("cvm-b", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(DAEMONSET, extra), other, pair()).allowed()).isFalse();
  }

  @Test
  void daemonSetAgentOnANodeNamedByAnIpIsTheMemberItsAddressNamesWithDashes() {
    // TKE names nodes by IP: node 10.0.1.17 is member 10-0-1-17, and nothing else (CEL cannot read
    // a node label, so a label naming another member must not widen what the agent may write)
    var extra = Map.of("authentication.kubernetes.io/node-name", List.of("10.0.1.17"));
    var own = changed(p -> agents(p).put("10-0-1-17", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(DAEMONSET, extra), own, pair()).denials()).isEmpty();
    var labelled = changed(p -> agents(p).put("cvm-a", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(DAEMONSET, extra), labelled, pair()).denials())
        .contains("an agent may write only status.agents.10-0-1-17, not another member's report");
    var lease = lease("vippair-agent-10-0-1-17", "10-0-1-17");
    assertThat(LEASES.admit(request(DAEMONSET, extra), lease, lease).denials()).isEmpty();
    var other = lease("vippair-agent-cvm-a", "cvm-a");
    assertThat(LEASES.admit(request(DAEMONSET, extra), other, other).allowed()).isFalse();
  }

  @Test
  void unknownIdentityInTheAgentNamespaceMayChangeNothing() {
    var own = changed(p -> agents(p).put("cvm-a", Map.of("role", "FAULT")));
    assertThat(PAIRS.admit(request(DAEMONSET), own, pair()).denials())
        .anySatisfy(d -> assertThat(d).startsWith("this identity in vippair-agents is not a node agent"));
    assertThat(PAIRS.admit(request("system:serviceaccount:vippair-agents:default"), own, pair()).allowed()).isFalse();
  }

  private static Map<String, Object> lease(String name, String holder) {
    return new LinkedHashMap<>(Map.of(
        "apiVersion", "coordination.k8s.io/v1", "kind", "Lease",
        "metadata", Map.of("name", name, "namespace", "vippair-system"),
        "spec", Map.of("holderIdentity", holder, "leaseDurationSeconds", 30)));
  }

  @Test
  void agentMayRenewOnlyItsOwnLease() {
    var own = lease("vippair-agent-cvm-a", "cvm-a");
    assertThat(LEASES.admit(request(AGENT_A), own, own).denials()).isEmpty();
    var other = lease("vippair-agent-cvm-b", "cvm-b");
    assertThat(LEASES.admit(request(AGENT_A), other, other).denials())
        .contains("an agent may create or renew only its own Lease vippair-agent-cvm-a");
    var spoofed = lease("vippair-agent-cvm-a", "cvm-b");
    assertThat(LEASES.admit(request(AGENT_A), spoofed, own).denials())
        .containsExactly("an agent's Lease must be held by its own member name cvm-a");
    var operatorLease = lease("vippair-operator", "cvm-a");
    assertThat(LEASES.admit(request(AGENT_A), operatorLease, operatorLease).allowed()).isFalse();
  }

  @Test
  void bothPoliciesNameTheMemberTheSameWay() {
    assertThat(variable("vippair-agent-writes-own-status", "identity")).isEqualTo(variable("vippair-agent-own-lease", "identity"));
    assertThat(variable("vippair-agent-writes-own-status", "member")).isEqualTo(variable("vippair-agent-own-lease", "member"));
    assertThat(matchCondition("vippair-agent-writes-own-status")).isEqualTo(matchCondition("vippair-agent-own-lease"));
  }

  @Test
  void policyGuardsEveryOperatorOwnedStatusFieldOfTheCrd() {
    // When the operator gains a status field, the policy must guard it too.
    var crd = DeployAssets.readYamlFile(DeployAssets.repoRoot().resolve("crds/vippairs.vippair.io-v1.yaml")).get(0);
    @SuppressWarnings("unchecked")
    var version = (Map<String, Object>) DeployAssets.list(map(crd, "spec"), "versions").get(0);
    var statusProps = map(map(map(map(map(version, "schema"), "openAPIV3Schema"), "properties"), "status"), "properties");
    Set<String> expected = new TreeSet<>(statusProps.keySet());
    expected.remove("agents");
    assertThat(expected).as("the CRD's status fields are the API type's")
        .isEqualTo(new TreeSet<>(io.vippair.api.v1alpha1.VipPairStatus.operatorOwnedFields()));

    Set<String> guarded = new TreeSet<>();
    Matcher m = Pattern.compile("object\\.status\\.(\\w+) == oldObject\\.status\\.\\1")
        .matcher(DeployAssets.read(DeployAssets.deploy("agent/cluster/admission-policy.yaml")));
    while (m.find()) {
      guarded.add(m.group(1));
    }
    assertThat(guarded).isEqualTo(expected);
  }

  @SuppressWarnings("unchecked")
  private static Object variable(String policy, String name) {
    var spec = map(DeployAssets.named(POLICIES, "ValidatingAdmissionPolicy", policy), "spec");
    return DeployAssets.list(spec, "variables").stream()
        .map(v -> (Map<String, Object>) v)
        .filter(v -> name.equals(v.get("name")))
        .findFirst().orElseThrow().get("expression");
  }

  private static Object matchCondition(String policy) {
    return DeployAssets.list(map(DeployAssets.named(POLICIES, "ValidatingAdmissionPolicy", policy), "spec"), "matchConditions");
  }
}
