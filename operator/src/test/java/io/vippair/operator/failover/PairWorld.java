package io.vippair.operator.failover;

import io.fabric8.kubernetes.api.model.Condition;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.api.v1alpha1.VrrpSpec;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test world for the failover decision: one pair whose facts a test changes one at a time
 * (agent reports, leases, the cloud, the clock), and that plays the controller's part after each
 * decision: it keeps the published status, and fills taskId and issuedAt of a started change.
 * The cloud itself is not simulated: each test says what the cloud shows next.
 */
final class PairWorld {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final String A = "cvm-a";
  static final String B = "cvm-b";
  static final FailoverSettings SETTINGS = FailoverSettings.defaults();

  final VipPairSpec spec = twoMemberSpec();
  private final Map<String, AgentReport> reports = new LinkedHashMap<>();
  private final Map<String, Boolean> leaseFresh = new HashMap<>();
  private final Map<String, Instant> agentStarted = new HashMap<>();
  private final Map<String, Instant> heardAt = new HashMap<>();
  private CloudView cloud = new CloudView.Unassigned();
  private VipPairStatus status;
  private TaskState task;
  private CloudCall call;
  private SpecProblem specProblem;
  private boolean deleting;
  private long generation = 1;
  private Instant now = T0;
  private int tasksStarted;

  static PairWorld pair() {
    return new PairWorld();
  }

  // ---- agents ----

  /** The member's agent reports this role; since moves only when the role changes. */
  PairWorld role(String member, VrrpRole role) {
    AgentReport r = reports.computeIfAbsent(member, m -> freshReport());
    if (r.getRole() != role) {
      r.setSince(now.toString());
    }
    r.setRole(role);
    r.setReportedAt(now.toString());
    leaseFresh.putIfAbsent(member, true);
    return this;
  }

  PairWorld master(String member) {
    return role(member, VrrpRole.MASTER);
  }

  PairWorld backup(String member) {
    return role(member, VrrpRole.BACKUP);
  }

  PairWorld unhealthy(String member, String why) {
    reports.get(member).setHealthy(false);
    reports.get(member).setHealthMessage(why);
    return this;
  }

  PairWorld configRejected(String member, String error) {
    reports.get(member).setConfigError(error);
    return this;
  }

  /** The member's agent restarted now (its Lease says so); its report is from before. */
  PairWorld agentRestartedNow(String member) {
    agentStarted.put(member, now.plusMillis(1));
    return this;
  }

  /** The operator's heartbeat listener accepts a beat of the member's agent now; its silence grows with the clock (rule 14b). */
  PairWorld heartbeatHeard(String member) {
    heardAt.put(member, now);
    return this;
  }

  /** An operator that has heard no heartbeat yet (restarted, or a new leader): every channel unknown. */
  PairWorld forgetHeartbeats() {
    heardAt.clear();
    return this;
  }

  PairWorld leaseStale(String member) {
    leaseFresh.put(member, false);
    return this;
  }

  /** The member's agent answers the probe now in status (as the agent does on seeing it). */
  PairWorld answersProbe(String member) {
    reports.get(member).setAck(status.getProbe().getNonce());
    reports.get(member).setReportedAt(now.toString());
    return this;
  }

  AgentReport report(String member) {
    return reports.get(member);
  }

  // ---- cloud, spec, clock ----

  PairWorld ownedBy(String member) {
    return cloud(new CloudView.OwnedBy(member));
  }

  PairWorld cloud(CloudView view) {
    cloud = view;
    return this;
  }

  PairWorld task(TaskState state) {
    task = state;
    return this;
  }

  PairWorld specProblem(SpecProblem problem) {
    specProblem = problem;
    return this;
  }

  PairWorld deleting() {
    deleting = true;
    return this;
  }

  /** A spec edit: the generation goes up (the agents have not applied it yet). */
  PairWorld specEdited() {
    generation++;
    return this;
  }

  /** The agents applied the current generation. */
  PairWorld configApplied() {
    reports.values().forEach(r -> r.setObservedGeneration(generation));
    return this;
  }

  PairWorld after(Duration d) {
    now = now.plus(d);
    return this;
  }

  PairWorld afterMillis(long ms) {
    return after(Duration.ofMillis(ms));
  }

  Instant now() {
    return now;
  }

  /** The status as the controller last wrote it (operator-owned fields). */
  VipPairStatus status() {
    return status;
  }

  /** Sets the status as if read from the API server after an operator restart. */
  PairWorld statusFromApiServer(VipPairStatus written) {
    status = written;
    return this;
  }

  // ---- decide ----

  PairSnapshot snapshot() {
    Map<String, AgentView> agents = new HashMap<>();
    reports.forEach((m, r) -> agents.put(m, new AgentView(r, leaseFresh.getOrDefault(m, true), agentStarted.get(m),
        heardAt.containsKey(m) ? Heartbeat.silentFor(Duration.between(heardAt.get(m), now)) : Heartbeat.UNKNOWN)));
    VipPairStatus previous = status == null ? null : withAgents(status);
    return new PairSnapshot("db", "mysql-prod", generation, deleting, spec, agents, cloud, null, previous,
        previous != null && previous.getMigration() != null ? task : null, call, specProblem, now);
  }

  /** Decides, and writes the result back the way the controller does when its cloud call works. */
  Decision decide() {
    Decision d = new FailoverDecider().decide(snapshot(), SETTINGS);
    write(d);
    return d;
  }

  /**
   * Decides; the controller's cloud call for the decided change fails, and the next round (at the
   * same instant, as the call's answer wakes the pair) decides with that failure.
   */
  Decision decideAndFailCloudCall(String code, String message, boolean retryable) {
    Decision asked = new FailoverDecider().decide(snapshot(), SETTINGS);
    status = asked.status();
    if (!(asked.action() instanceof CloudAction.None)) {
      call = new CloudCall.Failed(status.getMigration().copy(), code, message, retryable, now);
    }
    Decision d = new FailoverDecider().decide(snapshot(), SETTINGS);
    write(d);
    return d;
  }

  /** The answer of the controller's call for the change in status.migration, as the next snapshot carries it. */
  PairWorld callAnswered(CloudCall answer) {
    call = answer;
    return this;
  }

  private void write(Decision d) {
    status = d.status();
    if (!(d.action() instanceof CloudAction.None)) {
      // the controller's call was accepted at once: the next round records the task id
      call = null;
      status.getMigration().setTaskId("task-" + ++tasksStarted);
      task = new TaskState.Running();
    }
  }

  /** Decides without playing the controller: a started change stays as the decision recorded it. */
  Decision decideOnly() {
    Decision d = new FailoverDecider().decide(snapshot(), SETTINGS);
    status = d.status();
    return d;
  }

  /** The whole status as the API server would return it: the operator's fields plus the agents' reports. */
  private VipPairStatus withAgents(VipPairStatus operatorFields) {
    VipPairStatus s = DecisionDraft.operatorFieldsOf(operatorFields);
    s.setAgents(new LinkedHashMap<>(reports));
    return s;
  }

  static Condition condition(Decision d, String type) {
    return d.status().condition(type);
  }

  private AgentReport freshReport() {
    AgentReport r = new AgentReport();
    r.setHealthy(true);
    r.setFenced(false);
    r.setObservedGeneration(generation);
    r.setAgentVersion("test");
    return r;
  }

  private static VipPairSpec twoMemberSpec() {
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-1yxuk010");
    spec.setCloud(cloud);
    spec.setVip(new VipSpec("10.0.1.100"));
    spec.setFailover(new FailoverSpec());
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(51);
    spec.setVrrp(vrrp);
    spec.setMembers(new java.util.ArrayList<>(List.of(
        new Member(A, "ins-aaaaaaaa", "eni-aaaaaaaa", "10.0.1.17", "eth0"),
        new Member(B, "ins-bbbbbbbb", "eni-bbbbbbbb", "10.0.1.16", "eth0"))));
    return spec;
  }
}
