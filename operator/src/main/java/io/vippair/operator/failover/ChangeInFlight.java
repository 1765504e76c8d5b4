package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.parseTime;
import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.LastFailover;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.failover.ConditionValue.CloudSynced;
import java.time.Duration;
import java.time.Instant;

/**
 * Rules 6–9 of docs/operator-decision.md: the cloud change in flight (status.migration). It is
 * started here (recorded with its issue time; the cloud's task id arrives with the call's answer
 * in a later snapshot), followed by its task or, when there is no task id, by where the cloud
 * shows the VIP, and settled exactly once: completed (counted), or given up so the round decides
 * afresh. While it runs nothing else starts. Covered by {@code FailoverDeciderTest.MigrationInFlightRules6To9}
 * and {@code ChangeInFlightTest}.
 */
final class ChangeInFlight {
  private ChangeInFlight() {}

  /**
   * Records the change and asks the shell to make it, unless the pair is paused (rule 24), a
   * failed call's back-off still runs or an earlier call has not answered yet (its record may
   * have been dropped meanwhile).
   */
  static void start(PairRound r, CloudAction action, MigrationKind kind, String source, String target) {
    String vrrpAt = target == null ? null : timestamp(r.firstTime(r.report(target).getSince(), r.report(target).getReportedAt()));
    start(r, action, kind, source, target, vrrpAt);
  }

  /** As above, with the VRRP transition the change answers (rule 16a: the owner's goodbye, not a MASTER report). */
  static void start(PairRound r, CloudAction action, MigrationKind kind, String source, String target, String vrrpAt) {
    if (Pause.withholds(r, action) || CloudTrouble.backingOff(r)) {
      return;
    }
    if (r.s.call() instanceof CloudCall.Pending p) {
      String msg = "waiting for the answer to an earlier call (" + Changes.describe(p.requested()) + ") before "
          + Changes.describe(action);
      r.out.set(ConditionValue.CloudSynced.inFlight(msg));
      r.out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
      r.out.recheckIn(r.settings.taskPollInterval());
      return;
    }
    Migration m = new Migration();
    m.setKind(kind);
    m.setSource(source);
    m.setTarget(target);
    m.setReason(Changes.reasonOf(action));
    m.setIssuedAt(timestamp(r.now));
    m.setVrrpAt(vrrpAt);
    r.out.action = action;
    r.out.status.setMigration(m);
    String msg = Changes.describe(m) + " (" + m.getReason() + ")";
    r.out.set(CloudSynced.inFlight(msg));
    r.out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
    r.out.recheckIn(r.settings.taskPollInterval());
  }

  /** Settles status.migration; true while it is still running, so no other change may start. */
  static boolean track(PairRound r) {
    Migration m = r.prev.getMigration();
    if (m == null) {
      return false;
    }
    String stranger = r.firstNonMember(m.getSource(), m.getTarget());
    if (stranger != null) {
      giveUp(r, m, Reasons.MIGRATION_ABANDONED, stranger + " is no longer a member of this pair; deciding afresh");
      return false;
    }
    CloudCall call = callFor(r, m);
    if (call instanceof CloudCall.Pending p) {
      String msg = "asking the cloud: " + Changes.describe(m)
          + (p.lastError() == null ? "" : "; the last attempt failed with " + p.lastError() + " and is retried");
      r.out.set(CloudSynced.inFlight(msg));
      r.out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
      r.out.recheckIn(r.settings.taskPollInterval());
      return true;
    }
    if (call instanceof CloudCall.Failed f) {
      CloudTrouble.callFailed(r, m, f);
      return false;
    }
    if (call instanceof CloudCall.Accepted a && a.taskId() != null) {
      m = m.copy();
      m.setTaskId(a.taskId());
      r.out.status.setMigration(m);
    }
    return follow(r, m, call instanceof CloudCall.Accepted);
  }

  private static boolean follow(PairRound r, Migration m, boolean accepted) {
    Instant issuedAt = parseTime(m.getIssuedAt());
    // only an observation made after the change was issued can tell whether it took effect
    boolean fresh = r.s.cloudAt() == null || issuedAt == null || !r.s.cloudAt().isBefore(issuedAt);
    boolean byObservation = m.getTaskId() == null;
    TaskState task = byObservation ? null : r.s.task();
    boolean timedOut = issuedAt == null || !r.now.isBefore(issuedAt.plus(r.settings.migrationTimeout()));
    boolean reached = fresh && cloudShowsDone(r, m);
    if (reached && (byObservation || task instanceof TaskState.Succeeded || task instanceof TaskState.NotFound || timedOut)) {
      complete(r, m);
      return false;
    }
    if (task instanceof TaskState.Failed f) {
      giveUp(r, m, Reasons.MIGRATION_FAILED, "the cloud says the task failed: " + f.message());
      return false;
    }
    if (task instanceof TaskState.NotFound) {
      giveUp(r, m, Reasons.MIGRATION_LOST, "the cloud does not know task " + m.getTaskId());
      return false;
    }
    if (byObservation && fresh && !(r.s.cloud() instanceof CloudView.Migrating)) {
      giveUp(r, m, Reasons.MIGRATION_LOST, accepted
          ? "the change an earlier unanswered attempt started is no longer under way in the cloud"
          : "the cloud's answer to this change was not recorded (the operator restarted while asking) and the cloud"
              + " does not show it under way");
      return false;
    }
    if (timedOut) {
      giveUp(r, m, Reasons.MIGRATION_TIMED_OUT, "no confirmation within " + r.settings.migrationTimeout().toSeconds() + " s");
      return false;
    }
    String msg = "waiting for the cloud to confirm " + Changes.describe(m);
    r.out.set(CloudSynced.inFlight(msg));
    r.out.problem(Phase.Converging, Reasons.MIGRATION_IN_FLIGHT, msg);
    r.out.recheckIn(r.settings.taskPollInterval());
    return true;
  }

  /** The call this operator made for the recorded change, if it made one (not after a restart). */
  private static CloudCall callFor(PairRound r, Migration m) {
    CloudCall call = r.s.call();
    if (call == null || m.getTaskId() != null) {
      return null;
    }
    return m.equals(call.requested()) ? call : null;
  }

  private static boolean cloudShowsDone(PairRound r, Migration m) {
    if (m.getKind() == MigrationKind.Unassign) {
      return r.s.cloud() instanceof CloudView.Unassigned;
    }
    return r.s.cloud() instanceof CloudView.OwnedBy o && o.member().equals(m.getTarget());
  }

  private static void complete(PairRound r, Migration m) {
    r.out.status.setMigration(null);
    Instant vrrpAt = r.firstTime(m.getVrrpAt(), m.getIssuedAt());
    // vrrpAt comes from the VM's clock: a VM ahead of the operator must not make it negative
    Duration took = vrrpAt.isAfter(r.now) ? Duration.ZERO : Duration.between(vrrpAt, r.now);
    switch (m.getKind()) {
      case Migrate -> {
        long failovers = (r.prev.getFailovers() == null ? 0 : r.prev.getFailovers()) + 1;
        r.out.status.setFailovers(failovers);
        r.out.status.setLastFailover(lastFailover(r, m, vrrpAt, took));
        r.out.completed = new FailoverCompleted(m.getSource(), m.getTarget(), m.getReason(), took);
        r.out.event(false, Reasons.FAILOVER, "moved VIP from " + m.getSource() + " to " + m.getTarget()
            + " (" + m.getReason() + ") in " + took.toMillis() + " ms");
      }
      case Assign -> r.out.event(false, Reasons.ASSIGNED, "assigned VIP to " + m.getTarget()
          + " (" + m.getReason() + ") in " + took.toMillis() + " ms");
      case Unassign -> r.out.event(false, Reasons.RELEASED, "released VIP from " + m.getSource());
    }
  }

  private static LastFailover lastFailover(PairRound r, Migration m, Instant vrrpAt, Duration took) {
    LastFailover last = new LastFailover();
    last.setFrom(m.getSource());
    last.setTo(m.getTarget());
    last.setReason(m.getReason());
    last.setVrrpAt(timestamp(vrrpAt));
    last.setCloudAt(timestamp(r.now));
    last.setMillis(took.toMillis());
    return last;
  }

  static void giveUp(PairRound r, Migration m, String reason, String why) {
    r.out.status.setMigration(null);
    r.out.event(true, reason, Changes.describe(m) + " did not complete: " + why);
  }
}
