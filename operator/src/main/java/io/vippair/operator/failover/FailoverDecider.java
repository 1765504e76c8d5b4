package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.FALSE;
import static io.vippair.operator.failover.StatusConditions.TRUE;
import static io.vippair.operator.failover.StatusConditions.UNKNOWN;
import static io.vippair.operator.failover.StatusConditions.parseTime;
import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.LastFailover;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.Probe;
import io.vippair.api.v1alpha1.SplitBrainPolicy;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The failover decision: from what the agents report, what the cloud says and what is in flight,
 * decide the one cloud change to make (if any) and the status to publish. A pure function: no
 * I/O, no clock but {@link PairSnapshot#now()}, the probe nonce derived from the snapshot. The
 * rules, as a table for users, are in docs/operator-decision.md.
 *
 * <p>The order of one round: agents and config conditions; the change in flight (done? failed?
 * still running?); who is master (with a liveness probe when both claim it); the fence; and last,
 * what the cloud must do so the VIP follows that master.
 *
 * <p>Stateless: one instance may serve every reconciler thread.
 */
public final class FailoverDecider {

  /** Shortest and longest wait before asking the cloud again after it failed or could not be asked. */
  static final Duration RETRY_MIN = Duration.ofSeconds(1);
  static final Duration RETRY_MAX = Duration.ofSeconds(60);

  /** An answered probe vouches for its agent this long, even when the agent's Lease is stale. */
  static final Duration ACK_TRUSTED_FOR = Duration.ofSeconds(Contract.AGENT_LEASE_DURATION_SECONDS);

  /** Cloud error codes that no retry fixes: a person must repair credentials or permissions. */
  private static final Set<String> NEEDS_A_PERSON = Set.of("AuthFailure", "UnauthorizedOperation");

  private static final Set<VrrpRole> STEPPED_DOWN = Set.of(VrrpRole.BACKUP, VrrpRole.FAULT, VrrpRole.STOP);

  public Decision decide(PairSnapshot s, FailoverSettings settings) {
    return new Round(s, settings).run();
  }

  /**
   * What to publish when the controller's cloud call for {@code d.action()} failed: no migration
   * recorded (so the next round decides afresh), CloudSynced=False/CloudError with the cloud's
   * code, a Warning event, and either a retry with backoff or, for errors a retry cannot fix,
   * phase Error.
   */
  public Decision onCloudActionFailed(PairSnapshot s, Decision d, String errorCode, String message, boolean retryable) {
    DecisionDraft out = new DecisionDraft(s, d.status());
    out.events.addAll(d.events());
    out.completed = d.completed();
    out.status.setMigration(null);
    String text = describe(d.action()) + " failed: " + errorCode + ": " + message;
    out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_ERROR, text);
    out.event(true, Reasons.CLOUD_ERROR, text);
    if (retryable) {
      out.recheckIn(backoff(out, s.now()));
    } else {
      text += "; not retried until the spec, the credentials or their permissions change, or the next resync";
      out.status.setPhase(Phase.Error);
    }
    out.condition(Conditions.READY, FALSE, Reasons.CLOUD_ERROR, text);
    return out.toDecision();
  }

  /** Retry sooner at first and later the longer the cloud has been out of sync (doubling, capped). */
  private static Duration backoff(DecisionDraft out, Instant now) {
    Duration outOfSync = Duration.between(out.conditionSince(Conditions.CLOUD_SYNCED), now);
    if (outOfSync.compareTo(RETRY_MIN) < 0) {
      return RETRY_MIN;
    }
    return outOfSync.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : outOfSync;
  }

  private static String describe(CloudAction action) {
    if (action instanceof CloudAction.Migrate m) {
      return "moving the VIP from " + m.fromMember() + " to " + m.toMember() + " (MigratePrivateIpAddress)";
    }
    if (action instanceof CloudAction.Assign a) {
      return "assigning the VIP to " + a.toMember() + " (AssignPrivateIpAddresses)";
    }
    if (action instanceof CloudAction.Unassign u) {
      return "releasing the VIP from " + u.fromMember() + " (UnassignPrivateIpAddresses)";
    }
    return "the cloud call";
  }

  /**
   * Who is master, after the liveness probe if both members claim it.
   *
   * @param master the member the VIP should follow, or null
   * @param silent the member that claims MASTER but failed its probe (dead), or null
   * @param undecided true while both claim MASTER and the probe has not answered (hold)
   * @param splitBrain both are alive and claim MASTER (hold)
   */
  private record MasterClaim(String master, String silent, boolean undecided, boolean splitBrain) {
    static MasterClaim of(String master) {
      return new MasterClaim(master, null, false, false);
    }

    static MasterClaim afterSilence(String master, String silent) {
      return new MasterClaim(master, silent, false, false);
    }

    static final MasterClaim NONE = new MasterClaim(null, null, false, false);
    static final MasterClaim PROBING = new MasterClaim(null, null, true, false);
    static final MasterClaim SPLIT_BRAIN = new MasterClaim(null, null, false, true);
  }

  /** One decision round over one snapshot. */
  private static final class Round {
    private final PairSnapshot s;
    private final FailoverSettings settings;
    private final VipPairStatus prev;
    private final List<String> members;
    private final DecisionDraft out;
    private final Instant now;

    Round(PairSnapshot s, FailoverSettings settings) {
      this.s = s;
      this.settings = settings;
      this.prev = s.previous() != null ? s.previous() : new VipPairStatus();
      this.members = s.spec().getMembers().stream().map(Member::getName).toList();
      this.out = new DecisionDraft(s, s.previous());
      this.now = s.now();
    }

    Decision run() {
      reportAgents();
      reportConfig();
      out.status.setCloudOwner(cloudOwner());
      if (s.deleting()) {
        return deletion();
      }
      if (s.specProblem() != null) {
        return specProblem();
      }
      boolean busy = trackInFlight();
      MasterClaim claim = whoIsMaster();
      out.status.setMaster(claim.master());
      fence(claim);
      followMaster(claim, busy);
      String owner = cloudOwner();
      return out.finish("the VIP is on " + owner + "'s ENI and " + owner + " is the VRRP master");
    }

    // ---- agents and their configuration ----

    private void reportAgents() {
      List<String> missing = members.stream().filter(m -> !s.agents().containsKey(m)).toList();
      List<String> silent = members.stream().filter(m -> s.agents().containsKey(m) && !s.agents().get(m).leaseFresh()).toList();
      if (!missing.isEmpty()) {
        String msg = "no report yet from the agent of " + String.join(" and ", missing)
            + ": check that vippair-node-agent runs there with the same --member name";
        out.condition(Conditions.AGENTS_REPORTING, FALSE, Reasons.AGENT_MISSING, msg);
        out.problem(Phase.Pending, Reasons.AGENT_MISSING, msg);
      } else if (!silent.isEmpty()) {
        String msg = "the agent of " + String.join(" and ", silent) + " has not renewed its Lease "
            + silent.stream().map(Contract::agentLeaseName).collect(Collectors.joining(", "))
            + ": the VM, the agent or its access to the API server may be down";
        out.condition(Conditions.AGENTS_REPORTING, FALSE, Reasons.AGENT_SILENT, msg);
        out.problem(Phase.Degraded, Reasons.AGENT_SILENT, msg);
      } else {
        out.condition(Conditions.AGENTS_REPORTING, TRUE, Reasons.AGENTS_REPORTING, "both agents report and renew their Leases");
      }
    }

    private void reportConfig() {
      long generation = s.generation();
      List<String> rejected = members.stream()
          .filter(m -> report(m) != null && !isBlank(report(m).getConfigError()))
          .map(m -> m + ": " + report(m).getConfigError())
          .toList();
      List<String> behind = members.stream()
          .filter(m -> report(m) != null && (report(m).getObservedGeneration() == null || report(m).getObservedGeneration() < generation))
          .map(m -> report(m).getObservedGeneration() == null
              ? m + " has not applied any generation yet"
              : m + " runs generation " + report(m).getObservedGeneration() + " of " + generation)
          .toList();
      List<String> missing = members.stream().filter(m -> report(m) == null).map(m -> m + " has not reported").toList();
      if (!rejected.isEmpty()) {
        String msg = "keepalived rejected the configuration of generation " + generation + " (the previous one keeps running): "
            + String.join("; ", rejected) + "; fix the spec";
        out.condition(Conditions.CONFIG_APPLIED, FALSE, Reasons.CONFIG_REJECTED, msg);
        out.problem(Phase.Degraded, Reasons.CONFIG_REJECTED, msg);
      } else if (!behind.isEmpty() || !missing.isEmpty()) {
        String msg = "waiting for the agents to apply generation " + generation + ": "
            + String.join("; ", concat(behind, missing));
        out.condition(Conditions.CONFIG_APPLIED, FALSE, Reasons.CONFIG_PENDING, msg);
        if (!behind.isEmpty()) {
          out.problem(Phase.Converging, Reasons.CONFIG_PENDING, msg);
        }
      } else {
        out.condition(Conditions.CONFIG_APPLIED, TRUE, Reasons.CONFIG_APPLIED, "both members run generation " + generation);
      }
    }

    private Decision specProblem() {
      SpecProblem p = s.specProblem();
      out.status.setPhase(Phase.Error);
      out.condition(Conditions.READY, FALSE, p.reason(), p.message());
      return out.toDecision();
    }

    // ---- the cloud change in flight ----

    /** Settles status.migration; true while it is still running, so no other change may start. */
    private boolean trackInFlight() {
      Migration m = prev.getMigration();
      if (m == null) {
        return false;
      }
      String stranger = firstNonMember(m.getSource(), m.getTarget());
      if (stranger != null) {
        giveUp(m, Reasons.MIGRATION_ABANDONED, stranger + " is no longer a member of this pair; deciding afresh");
        return false;
      }
      TaskState task = s.task();
      Instant issuedAt = parseTime(m.getIssuedAt());
      boolean timedOut = issuedAt == null || !now.isBefore(issuedAt.plus(settings.migrationTimeout()));
      boolean lost = m.getTaskId() == null || task instanceof TaskState.NotFound;
      boolean reached = cloudShowsDone(m);
      if (reached && (task instanceof TaskState.Succeeded || lost || timedOut)) {
        complete(m);
        return false;
      }
      if (task instanceof TaskState.Failed f) {
        giveUp(m, Reasons.MIGRATION_FAILED, "the cloud says the task failed: " + f.message());
        return false;
      }
      if (lost) {
        giveUp(m, Reasons.MIGRATION_LOST, "the cloud does not know task " + m.getTaskId());
        return false;
      }
      if (timedOut) {
        giveUp(m, Reasons.MIGRATION_TIMED_OUT, "no confirmation within " + settings.migrationTimeout().toSeconds() + " s");
        return false;
      }
      String msg = "waiting for the cloud to confirm " + describe(m);
      out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.MIGRATION_IN_FLIGHT, msg);
      out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
      out.recheckIn(settings.taskPollInterval());
      return true;
    }

    private boolean cloudShowsDone(Migration m) {
      if (m.getKind() == MigrationKind.Unassign) {
        return s.cloud() instanceof CloudView.Unassigned;
      }
      return s.cloud() instanceof CloudView.OwnedBy o && o.member().equals(m.getTarget());
    }

    private void complete(Migration m) {
      out.status.setMigration(null);
      Instant vrrpAt = firstTime(m.getVrrpAt(), m.getIssuedAt());
      // vrrpAt comes from the VM's clock: a VM ahead of the operator must not make it negative
      Duration took = vrrpAt.isAfter(now) ? Duration.ZERO : Duration.between(vrrpAt, now);
      switch (m.getKind()) {
        case Migrate -> {
          long failovers = (prev.getFailovers() == null ? 0 : prev.getFailovers()) + 1;
          out.status.setFailovers(failovers);
          out.status.setLastFailover(lastFailover(m, vrrpAt, took));
          out.completed = new FailoverCompleted(m.getSource(), m.getTarget(), m.getReason(), took);
          out.event(false, Reasons.FAILOVER, "moved VIP from " + m.getSource() + " to " + m.getTarget()
              + " (" + m.getReason() + ") in " + took.toMillis() + " ms");
        }
        case Assign -> out.event(false, Reasons.ASSIGNED, "assigned VIP to " + m.getTarget()
            + " (" + m.getReason() + ") in " + took.toMillis() + " ms");
        case Unassign -> out.event(false, Reasons.RELEASED, "released VIP from " + m.getSource());
      }
    }

    private LastFailover lastFailover(Migration m, Instant vrrpAt, Duration took) {
      LastFailover last = new LastFailover();
      last.setFrom(m.getSource());
      last.setTo(m.getTarget());
      last.setReason(m.getReason());
      last.setVrrpAt(timestamp(vrrpAt));
      last.setCloudAt(timestamp(now));
      last.setMillis(took.toMillis());
      return last;
    }

    private void giveUp(Migration m, String reason, String why) {
      out.status.setMigration(null);
      out.event(true, reason, describe(m) + " did not complete: " + why);
    }

    // ---- who is master ----

    private MasterClaim whoIsMaster() {
      List<String> claimers = members.stream().filter(m -> role(m) == VrrpRole.MASTER).toList();
      if (claimers.size() == 2) {
        return bothClaimMaster(claimers.get(0), claimers.get(1));
      }
      out.status.setProbe(null);
      String msg = claimers.isEmpty() ? "no member claims MASTER" : claimers.get(0) + " is the only member claiming MASTER";
      out.condition(Conditions.SPLIT_BRAIN, FALSE, Reasons.NO_SPLIT_BRAIN, msg);
      return claimers.isEmpty() ? MasterClaim.NONE : MasterClaim.of(claimers.get(0));
    }

    /**
     * Both claim MASTER: the one whose claim is older (the suspect) may be dead with its last
     * report still saying MASTER, or alive behind a partition. Ask it; its answer, or its
     * silence past the deadline, decides. A stale Lease alone proves nothing.
     */
    private MasterClaim bothClaimMaster(String a, String b) {
      Probe probe = prev.getProbe();
      boolean aboutClaimer = probe != null && (a.equals(probe.getMember()) || b.equals(probe.getMember()));
      String suspect = aboutClaimer ? probe.getMember() : olderClaim(a, b);
      String challenger = suspect.equals(a) ? b : a;
      if (!aboutClaimer) {
        return startProbe(suspect);
      }
      Instant deadline = parseTime(probe.getDeadline());
      if (probe.getNonce() != null && probe.getNonce().equals(report(suspect).getAck())) {
        boolean stillVouched = leaseFresh(suspect) || (deadline != null && now.isBefore(deadline.plus(ACK_TRUSTED_FOR)));
        return stillVouched ? splitBrain(suspect, challenger) : startProbe(suspect);
      }
      if (deadline == null || !now.isBefore(deadline)) {
        out.condition(Conditions.SPLIT_BRAIN, FALSE, Reasons.NO_SPLIT_BRAIN, suspect
            + " did not answer the liveness probe by " + probe.getDeadline() + " and is taken for dead; " + challenger + " is master");
        return MasterClaim.afterSilence(challenger, suspect);
      }
      return awaitProbe(probe, Duration.between(now, deadline));
    }

    private MasterClaim startProbe(String suspect) {
      Instant deadline = now.plus(settings.probeDeadline());
      Probe probe = new Probe(suspect, nonce(suspect), timestamp(deadline));
      out.status.setProbe(probe);
      return awaitProbe(probe, settings.probeDeadline());
    }

    private MasterClaim awaitProbe(Probe probe, Duration untilDeadline) {
      String msg = "both members claim MASTER; waiting until " + probe.getDeadline() + " for " + probe.getMember()
          + " to answer a liveness probe";
      out.condition(Conditions.SPLIT_BRAIN, UNKNOWN, Reasons.PROBING, msg);
      out.problem(Phase.Converging, Reasons.AWAITING_PROBE, msg);
      out.recheckIn(untilDeadline);
      return MasterClaim.PROBING;
    }

    private MasterClaim splitBrain(String a, String b) {
      String owner = cloudOwner();
      String msg = "both " + a + " and " + b + " are alive and claim MASTER (VRRP between them is broken); the VIP stays "
          + (owner != null ? "on " + owner : "where the cloud has it") + " and nothing moves until one steps down";
      var was = StatusConditions.find(out.status.getConditions(), Conditions.SPLIT_BRAIN);
      if (was == null || !TRUE.equals(was.getStatus())) {
        out.event(true, Reasons.SPLIT_BRAIN, msg);
      }
      out.condition(Conditions.SPLIT_BRAIN, TRUE, Reasons.BOTH_MASTER, msg);
      out.problem(Phase.SplitBrain, Reasons.SPLIT_BRAIN, msg);
      return MasterClaim.SPLIT_BRAIN;
    }

    /** The member that has claimed MASTER longer (earlier since); on a tie, the cloud owner. */
    private String olderClaim(String a, String b) {
      Instant sinceA = firstTime(report(a).getSince(), null);
      Instant sinceB = firstTime(report(b).getSince(), null);
      if (sinceA.equals(sinceB)) {
        return b.equals(cloudOwner()) ? b : a;
      }
      return sinceA.isBefore(sinceB) ? a : b;
    }

    /** Same pair, member and instant → same nonce, so a decision can be replayed exactly. */
    private String nonce(String member) {
      String seed = s.namespace() + "/" + s.name() + "/" + member + "/" + now;
      return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- the fence ----

    /**
     * FenceNonOwner: during a split brain, tell the member that does not hold the VIP to step
     * down; lift the fence fenceHold after the split brain ended. Never fence the cloud owner.
     */
    private void fence(MasterClaim claim) {
      Fence fence = prev.getFence();
      String owner = cloudOwner();
      boolean fencing = s.spec().getFailover().getSplitBrainPolicy() == SplitBrainPolicy.FenceNonOwner;
      if (claim.splitBrain() && fencing && owner != null) {
        String nonOwner = peerOf(owner);
        if (fence == null || !nonOwner.equals(fence.getMember())) {
          String why = "split brain: " + owner + " holds the VIP, so " + nonOwner + " must step down";
          out.status.setFence(new Fence(nonOwner, why, timestamp(now)));
          out.event(true, Reasons.FENCED, "told " + nonOwner + " to step down (keepalived FAULT): " + why);
        }
        return;
      }
      if (fence == null) {
        return;
      }
      if (!fencing || !members.contains(fence.getMember()) || fence.getMember().equals(owner)) {
        liftFence(fence);
      } else if (!claim.splitBrain()) {
        Instant liftAt = out.conditionSince(Conditions.SPLIT_BRAIN).plus(settings.fenceHold());
        if (now.isBefore(liftAt)) {
          out.recheckIn(Duration.between(now, liftAt));
        } else {
          liftFence(fence);
        }
      }
    }

    private void liftFence(Fence fence) {
      out.status.setFence(null);
      out.event(false, Reasons.FENCE_LIFTED, fence.getMember() + " may compete for MASTER again");
    }

    // ---- make the cloud follow the master ----

    private void followMaster(MasterClaim claim, boolean busy) {
      CloudView cloud = s.cloud();
      if (cloud instanceof CloudView.Unknown u) {
        cloudUnknown(u, "nothing is changed until it answers");
        return;
      }
      if (cloud instanceof CloudView.Conflict c) {
        conflict(c.foreignEni());
        return;
      }
      if (cloud instanceof CloudView.OwnedBy o && !members.contains(o.member())) {
        conflict(o.member());
        return;
      }
      if (busy) {
        return;
      }
      if (claim.undecided()) {
        hold("until the probe decides who is master");
      } else if (claim.splitBrain()) {
        hold("during the split brain");
      } else if (claim.master() == null) {
        String msg = "no member claims MASTER (" + members.stream().map(m -> m + ": " + (report(m) == null ? "no report" : role(m)))
            .collect(Collectors.joining(", ")) + "); keepalived elects the master, the VIP is not moved";
        boolean anyReported = members.stream().anyMatch(m -> STEPPED_DOWN.contains(role(m)));
        out.problem(anyReported ? Phase.Degraded : Phase.Pending, Reasons.NO_MASTER, msg);
        hold("while no member claims MASTER");
      } else if (Boolean.FALSE.equals(report(claim.master()).getHealthy())) {
        String master = claim.master();
        String msg = master + " is MASTER but its health check fails (" + report(master).getHealthMessage()
            + "); keepalived should hand over, and the VIP is never moved to an unhealthy member";
        out.problem(Phase.Degraded, Reasons.MASTER_UNHEALTHY, msg);
        if (master.equals(cloudOwner())) {
          inSync(master);
        } else {
          hold("while the master " + master + " is unhealthy");
        }
      } else {
        moveTo(claim);
      }
    }

    private void moveTo(MasterClaim claim) {
      String master = claim.master();
      CloudView cloud = s.cloud();
      if (cloud instanceof CloudView.OwnedBy o && o.member().equals(master)) {
        inSync(master);
      } else if (cloud instanceof CloudView.OwnedBy o) {
        String from = o.member();
        start(new CloudAction.Migrate(from, master, failoverReason(from, claim)), MigrationKind.Migrate, from, master);
      } else if (cloud instanceof CloudView.Unassigned) {
        start(new CloudAction.Assign(master, Reasons.FIRST_PLACEMENT), MigrationKind.Assign, null, master);
      } else {
        hold("while the cloud moves it");
      }
    }

    private String failoverReason(String owner, MasterClaim claim) {
      if (owner.equals(claim.silent())) {
        return Reasons.MASTER_SILENT;
      }
      return STEPPED_DOWN.contains(role(owner)) ? Reasons.GRACEFUL_HANDOVER : Reasons.FOLLOW_MASTER;
    }

    /** Records the change (the controller adds taskId and issuedAt) and asks for it. */
    private void start(CloudAction action, MigrationKind kind, String source, String target) {
      Migration m = new Migration();
      m.setKind(kind);
      m.setSource(source);
      m.setTarget(target);
      m.setReason(reasonOf(action));
      if (target != null) {
        m.setVrrpAt(timestamp(firstTime(report(target).getSince(), report(target).getReportedAt())));
      }
      out.action = action;
      out.status.setMigration(m);
      String msg = describe(m) + " (" + m.getReason() + ")";
      out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.MIGRATION_IN_FLIGHT, msg);
      out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
      out.recheckIn(settings.taskPollInterval());
    }

    private void inSync(String master) {
      out.condition(Conditions.CLOUD_SYNCED, TRUE, Reasons.IN_SYNC, "the VIP is on " + master + "'s ENI, as the master needs");
    }

    /** No cloud change now; say where the VIP stays and why. */
    private void hold(String why) {
      CloudView cloud = s.cloud();
      if (cloud instanceof CloudView.OwnedBy o) {
        out.condition(Conditions.CLOUD_SYNCED, TRUE, Reasons.HELD, "the VIP stays on " + o.member() + "'s ENI " + why);
      } else if (cloud instanceof CloudView.Unassigned) {
        String msg = "no ENI holds the VIP; it is assigned to the master " + why;
        out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.NOT_ASSIGNED, msg);
        out.problem(Phase.Pending, Reasons.NOT_ASSIGNED, msg);
      } else if (cloud instanceof CloudView.Migrating m) {
        String msg = "the cloud is moving the VIP (" + m.fromMember() + " to " + m.toMember()
            + ") in a change vippair has no record of; waiting for it to settle";
        out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_MIGRATING, msg);
        out.problem(Phase.Converging, Reasons.CLOUD_MIGRATING, msg);
        out.recheckIn(settings.taskPollInterval());
      }
    }

    private void conflict(String foreign) {
      String msg = "the VIP is held by " + foreign + ", which is not a member of this pair; vippair never takes a VIP"
          + " from a foreign ENI: release it there, or correct spec.vip.address or spec.members";
      var was = StatusConditions.find(out.status.getConditions(), Conditions.CLOUD_SYNCED);
      if (was == null || !Reasons.CLOUD_CONFLICT.equals(was.getReason())) {
        out.event(true, Reasons.CLOUD_CONFLICT, msg);
      }
      out.condition(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_CONFLICT, msg);
      out.problem(Phase.Error, Reasons.CLOUD_CONFLICT, msg);
    }

    private void cloudUnknown(CloudView.Unknown u, String consequence) {
      String code = u.errorCode();
      boolean unreachable = code == null || code.equals("IOError") || code.equals("Timeout");
      String reason = unreachable ? Reasons.CLOUD_UNREACHABLE : Reasons.CLOUD_ERROR;
      String msg = "the cloud could not be asked who holds the VIP (" + code + ": " + u.reason() + "); " + consequence;
      out.condition(Conditions.CLOUD_SYNCED, UNKNOWN, reason, msg);
      out.problem(needsAPerson(code) ? Phase.Error : Phase.Degraded, reason, msg);
      out.recheckIn(backoff(out, now));
    }

    private static boolean needsAPerson(String code) {
      return code != null && NEEDS_A_PERSON.stream().anyMatch(prefix -> code.equals(prefix) || code.startsWith(prefix + "."));
    }

    // ---- deletion ----

    /**
     * Retain: the finalizer may go at once. Release: unassign the VIP from the member that holds
     * it, and let the finalizer go once no member holds it; a VIP on a foreign ENI is left alone.
     * While the cloud cannot be asked, the finalizer stays (set deletionPolicy Retain to let go).
     */
    private Decision deletion() {
      out.status.setProbe(null);
      out.status.setFence(null);
      if (s.spec().getDeletionPolicy() != DeletionPolicy.Release) {
        out.releaseFinalizer = true;
        out.problem(Phase.Converging, Reasons.DELETING, "deleting with deletionPolicy Retain: the VIP is left where it is");
        return out.finish(null);
      }
      boolean busy = trackInFlight();
      if (!busy) {
        CloudView cloud = s.cloud();
        if (cloud instanceof CloudView.OwnedBy o && members.contains(o.member())) {
          start(new CloudAction.Unassign(o.member()), MigrationKind.Unassign, o.member(), null);
        } else if (cloud instanceof CloudView.OwnedBy o) {
          leaveAlone(o.member());
        } else if (cloud instanceof CloudView.Conflict c) {
          leaveAlone(c.foreignEni());
        } else if (cloud instanceof CloudView.Unassigned) {
          out.releaseFinalizer = true;
        } else if (cloud instanceof CloudView.Migrating) {
          out.recheckIn(settings.taskPollInterval());
        } else if (cloud instanceof CloudView.Unknown u) {
          cloudUnknown(u, "the finalizer stays until the cloud confirms the VIP is released;"
              + " set spec.deletionPolicy to Retain to delete without it");
        }
      }
      out.problem(Phase.Converging, Reasons.DELETING, "deleting with deletionPolicy Release: the VIP is released from the members");
      return out.finish(null);
    }

    private void leaveAlone(String holder) {
      out.releaseFinalizer = true;
      out.event(true, Reasons.VIP_LEFT_ALONE, "deletionPolicy Release: the VIP is on " + holder
          + ", which is not a member of this pair, and is left there");
    }

    // ---- small facts ----

    private AgentReport report(String member) {
      AgentView v = s.agents().get(member);
      return v == null ? null : v.report();
    }

    private VrrpRole role(String member) {
      AgentReport r = report(member);
      return r == null || r.getRole() == null ? VrrpRole.UNKNOWN : r.getRole();
    }

    private boolean leaseFresh(String member) {
      AgentView v = s.agents().get(member);
      return v != null && v.leaseFresh();
    }

    private String cloudOwner() {
      return s.cloud() instanceof CloudView.OwnedBy o && members.contains(o.member()) ? o.member() : null;
    }

    private String peerOf(String member) {
      return members.stream().filter(m -> !m.equals(member)).findFirst().orElseThrow();
    }

    private String firstNonMember(String... names) {
      for (String n : names) {
        if (n != null && !members.contains(n)) {
          return n;
        }
      }
      return null;
    }

    /** The first parseable time of the two, else now. */
    private Instant firstTime(String preferred, String fallback) {
      Instant t = parseTime(preferred);
      if (t == null) {
        t = parseTime(fallback);
      }
      return t != null ? t : now;
    }

    private static String reasonOf(CloudAction action) {
      if (action instanceof CloudAction.Migrate m) {
        return m.reason();
      }
      if (action instanceof CloudAction.Assign a) {
        return a.reason();
      }
      return Reasons.DELETION_RELEASE;
    }

    private static String describe(Migration m) {
      return switch (m.getKind()) {
        case Migrate -> "moving the VIP from " + m.getSource() + " to " + m.getTarget();
        case Assign -> "assigning the VIP to " + m.getTarget();
        case Unassign -> "releasing the VIP from " + m.getSource();
      };
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }

    private static List<String> concat(List<String> a, List<String> b) {
      return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
  }
}
