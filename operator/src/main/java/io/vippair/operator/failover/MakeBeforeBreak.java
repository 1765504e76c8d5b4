package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.failover.MasterElection.MasterClaim;
import java.time.Duration;
import java.time.Instant;

/**
 * Rules 26–27 for spec.switchover.mode MakeBeforeBreak (docs/operator-decision.md, rule 26b). The
 * target's agent raises its priority and holds the VIP as a /32 on lo, outside keepalived (its
 * report's switchoverReady and switchoverVipHeld carry the nonce); then the cloud moves the VIP to
 * the target while the old master is still MASTER, the one deliberate exception to "the VIP
 * follows the master", guarded by the InProgress record (rule 19 holds meanwhile); once the cloud
 * shows the VIP on the target the old master is fenced and VRRP hands over within milliseconds.
 * Traffic reaches only the cloud's owner, which holds the address at every moment. Every failure
 * ends the switchover, so the agent drops its extra address and rule 19 makes the VIP follow the
 * master again. Decided from status.switchover alone, like the rest. Covered by {@code
 * SwitchoverMakeBeforeBreakRule26bTest}.
 */
final class MakeBeforeBreak {
  private MakeBeforeBreak() {}

  /** Rule 25: why this request cannot be carried out make-before-break here, or null. */
  static String refusal(PairRound r, SwitchoverRequest req) {
    boolean haVip = r.s.spec().getCloud() != null && r.s.spec().getCloud().haVipMode();
    return req.makeBeforeBreak() && haVip ? "mode MakeBeforeBreak needs spec.cloud.mode Eni: an HAVIP's traffic follows"
        + " gratuitous ARP, so holding the VIP before the master steps down would split it between both members; use"
        + " BreakBeforeMake" : null;
  }

  /** Whether a make-before-break switchover in progress, not rule 19, decides where the VIP goes. */
  static boolean leadsTheCloud(PairRound r) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    return s != null && s.getPhase() == SwitchoverPhase.InProgress && s.makeBeforeBreak();
  }

  static String startMessage(String from, String to) {
    return "make-before-break: " + to + " raises its keepalived priority and holds the VIP on lo, the cloud moves the"
        + " VIP to " + to + " while " + from + " stays MASTER (reason " + Reasons.PLANNED_SWITCHOVER + "), then " + from
        + " is told to step down and VRRP hands over";
  }

  /** One round of an accepted make-before-break switchover (also its first, from rule 25). */
  static void progress(PairRound r, MasterClaim claim, SwitchoverStatus s) {
    String to = s.getTo();
    String from = s.getFrom();
    Instant requestedAt = r.firstTime(s.getRequestedAt(), null);
    boolean moving = r.out.status.getMigration() != null;
    String owner = r.cloudOwner();
    if (!moving && to.equals(owner) && r.role(to) == VrrpRole.MASTER) {
      Switchover.succeed(r, s, requestedAt, 0L); // the cloud's owner held the address throughout
      return;
    }
    // rule 24 follows a change in flight to its end: once the cloud was asked, stopping would leave the
    // VIP's traffic on a target that drops the address, with no cloud change allowed to bring it back
    if (Pause.on(r) && s.getCloudMoveIssuedAt() == null) {
      fail(r, Reasons.PAUSED, "the pair was paused before the cloud was asked to move the VIP");
      return;
    }
    String unfit = moving || r.role(to) == VrrpRole.MASTER ? null : Switchover.unfit(r, to);
    if (unfit != null) {
      fail(r, Switchover.unfitReason(r, to), unfit + " before it took over");
      return;
    }
    if (!r.now.isBefore(requestedAt.plus(Switchover.TIMEOUT))) {
      fail(r, Reasons.SWITCHOVER_TIMED_OUT, "not completed within " + Switchover.TIMEOUT.toSeconds() + " s");
      return;
    }
    boolean unseen = r.s.cloud() instanceof CloudView.NotObserved || r.s.cloud() instanceof CloudView.Unknown
        || r.s.cloud() instanceof CloudView.Migrating;
    if (moving || unseen) {
      Switchover.waiting(r, unseen ? "waiting for the cloud to say where the VIP is"
          : "waiting for the cloud to move the VIP to " + to + " while " + from + " stays MASTER");
    } else if (s.getCloudMoveIssuedAt() == null) {
      beforeTheMove(r, claim, s, requestedAt);
    } else if (!to.equals(owner)) {
      fail(r, Reasons.SWITCHOVER_CLOUD_MOVE_FAILED, "the cloud did not move the VIP to " + to + " (it is on "
          + (owner == null ? "no member's ENI" : owner + "'s ENI") + ")");
    } else {
      afterTheMove(r, s);
    }
  }

  /** The target holds the VIP and its priority is raised: ask the cloud to move the VIP to it. */
  private static void beforeTheMove(PairRound r, MasterClaim claim, SwitchoverStatus s, Instant requestedAt) {
    String to = s.getTo();
    String from = s.getFrom();
    if (!from.equals(r.cloudOwner()) || !from.equals(claim.master()) || claim.splitBrain() || claim.undecided()) {
      fail(r, Reasons.SWITCHOVER_NOT_SETTLED, "the pair changed before the cloud move (master " + claim.master()
          + ", cloud owner " + r.cloudOwner() + ")");
      return;
    }
    AgentReport target = r.report(to);
    boolean ready = s.getNonce().equals(target.getSwitchoverReady()) && s.getNonce().equals(target.getSwitchoverVipHeld());
    if (!ready) {
      Instant readyBy = requestedAt.plus(Switchover.readyWait(r)).plus(Switchover.STEP_DOWN_TIMEOUT);
      if (!r.now.isBefore(readyBy)) {
        fail(r, Reasons.SWITCHOVER_TARGET_NOT_READY, to + "'s agent did not report its priority raised and the VIP held"
            + " on lo within " + Duration.between(requestedAt, readyBy).toSeconds() + " s (an agent older than"
            + " make-before-break, or one that may not add addresses: it needs CAP_NET_ADMIN); nothing was moved");
        return;
      }
      r.out.set(ConditionValue.CloudSynced.inSync(from));
      Switchover.waiting(r, "waiting for " + to + "'s agent to raise its keepalived priority and hold the VIP on lo");
      r.out.recheckIn(Duration.between(r.now, readyBy));
      return;
    }
    ChangeInFlight.start(r, new CloudAction.Migrate(from, to, Reasons.PLANNED_SWITCHOVER), MigrationKind.Migrate, from, to);
    if (r.out.status.getMigration() != null) {
      s.setCloudMoveIssuedAt(timestamp(r.now));
      // lastFailover.millis measures the cloud's move: the target's BACKUP report is not when anything changed
      r.out.status.getMigration().setVrrpAt(timestamp(r.now));
    }
  }

  /** The cloud routes the VIP to the target, which holds it: now the old master may step down. */
  private static void afterTheMove(PairRound r, SwitchoverStatus s) {
    String to = s.getTo();
    String from = s.getFrom();
    Fence f = r.out.status.getFence();
    if (f == null || !from.equals(f.getMember())) {
      f = new Fence(from, "planned switchover to " + to + ", make-before-break (nonce " + s.getNonce() + ")", timestamp(r.now));
      r.out.status.setFence(f);
    }
    Instant fencedAt = r.firstTime(f.getSince(), null);
    Instant stepDownBy = fencedAt.plus(Switchover.STEP_DOWN_TIMEOUT);
    if (r.role(to) != VrrpRole.MASTER && !r.now.isBefore(stepDownBy)) {
      fail(r, Reasons.SWITCHOVER_TIMED_OUT, to + " did not claim MASTER within " + Switchover.STEP_DOWN_TIMEOUT.toSeconds()
          + " s of " + from + "'s fence (" + to + " reports " + r.role(to) + ", " + from + " reports " + r.role(from) + ")");
      return;
    }
    Switchover.waiting(r, "the cloud has the VIP on " + to + "; told " + from + " to step down; waiting for " + to
        + " to claim MASTER");
    r.out.set(ConditionValue.CloudSynced.held(to, "while " + from + " steps down (make-before-break switchover)"));
  }

  private static void fail(PairRound r, String reason, String why) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    Switchover.end(r, SwitchoverPhase.Failed, reason, why + "; " + s.getTo() + " drops the VIP it held on lo and the VIP"
        + " follows the VRRP master again");
  }
}
