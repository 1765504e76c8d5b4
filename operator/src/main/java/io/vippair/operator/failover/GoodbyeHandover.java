package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.VrrpRole;

/**
 * Rule 16a of docs/operator-decision.md: the owner said goodbye. keepalived writes STOP for an
 * instance only when it shuts down on purpose (SIGTERM, or its VRRP process losing its parent),
 * after it has sent the priority-0 advert and removed the VIP; a crash writes nothing and the
 * agent then reports FAULT. So an owner that was the master and now reports STOP has left for
 * good, and its peer, a ready BACKUP, becomes MASTER after its skew time (a share of one advert)
 * without any help. Waiting for that MASTER report before the migration makes clients wait skew
 * + D; starting the migration now lets the cloud's D run during the skew.
 *
 * <p>FAULT is not a goodbye here: the agent reports FAULT too when keepalived died without a word,
 * and the report does not say who wrote it. Covered by {@code GoodbyeHandoverRule16aTest}.
 */
final class GoodbyeHandover {
  private GoodbyeHandover() {}

  /**
   * Starts the migration to the owner's peer when the owner said goodbye and the peer can take
   * over; false (nothing done) otherwise. Called only while no member claims MASTER and no change
   * is in flight.
   */
  static boolean decide(PairRound r) {
    String owner = r.cloudOwner();
    if (owner == null || Pause.on(r) || HaVipBinding.applies(r)) {
      return false; // paused: keepalived alone decides; HaVip: no call moves the VIP, nothing to gain
    }
    String peer = r.peerOf(owner);
    if (!saidGoodbye(r, owner) || !readyToTakeOver(r, peer)) {
      return false;
    }
    AgentReport goodbye = r.report(owner);
    // the outage starts with the goodbye, not with the peer's MASTER report, which has not come yet
    String steppedDownAt = StatusConditions.timestamp(r.firstTime(goodbye.getSince(), goodbye.getReportedAt()));
    // a planned switchover keeps its own reason (rules 26-27 look for it)
    String reason = Switchover.movingTo(r, peer) ? Reasons.PLANNED_SWITCHOVER : Reasons.GOODBYE_HANDOVER;
    ChangeInFlight.start(r, new CloudAction.Migrate(owner, peer, reason), MigrationKind.Migrate, owner, peer, steppedDownAt);
    return true;
  }

  /**
   * The owner was the master last round, and its live, current agent says keepalived stopped the
   * instance. An agent restart (UNKNOWN, or a report older than it) or a silent agent is not
   * a goodbye: rule 14a probes such an owner.
   */
  private static boolean saidGoodbye(PairRound r, String owner) {
    return r.role(owner) == VrrpRole.STOP && owner.equals(r.prev.getMaster()) && MasterElection.notKnown(r, owner) == null;
  }

  /** A healthy BACKUP with a live, current agent, not fenced: keepalived makes it MASTER after its skew. */
  private static boolean readyToTakeOver(PairRound r, String peer) {
    AgentReport rep = r.report(peer);
    if (rep == null || r.role(peer) != VrrpRole.BACKUP || MasterElection.notKnown(r, peer) != null) {
      return false;
    }
    Fence fence = r.out.status.getFence();
    boolean fenced = Boolean.TRUE.equals(rep.getFenced()) || (fence != null && peer.equals(fence.getMember()));
    return !fenced && !Boolean.FALSE.equals(rep.getHealthy());
  }
}
