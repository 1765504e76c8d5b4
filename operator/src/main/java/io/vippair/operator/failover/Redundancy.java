package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.failover.MasterElection.MasterClaim;

/**
 * Rule 23 of docs/operator-decision.md: a pair whose master works but whose other member could
 * not take over is not Ready. The other member was taken for dead (it failed its probe), or its
 * keepalived is in FAULT (a failing health check, or keepalived restarting after a crash) or
 * STOP: Degraded, with a reason that names the member and why. A silent agent is
 * already reported by AgentsReporting, and a member the operator fenced is held in FAULT on purpose. Covered by {@code RedundancyRule23Test}.
 */
final class Redundancy {
  private Redundancy() {}

  static void check(PairRound r, MasterClaim claim) {
    if (claim.master() == null) {
      return;
    }
    String peer = r.peerOf(claim.master());
    boolean fenced = r.out.status.getFence() != null && peer.equals(r.out.status.getFence().getMember());
    // a fence just lifted (after a planned switchover) is still held until the peer's agent says otherwise
    boolean stillFenced = r.report(peer) != null && Boolean.TRUE.equals(r.report(peer).getFenced());
    if (fenced || stillFenced) {
      return; // held in FAULT on purpose (split brain, planned switchover); status.fence says so
    }
    String why = null;
    if (peer.equals(claim.silent())) {
      why = peer + " did not answer its liveness probe and is taken for dead";
    } else if (r.role(peer) == VrrpRole.FAULT) {
      why = peer + " reports FAULT (" + faultCause(r, peer) + ")";
    } else if (r.role(peer) == VrrpRole.STOP) {
      why = peer + " reports STOP: its keepalived instance is stopped";
    }
    if (why != null) {
      r.out.problem(Phase.Degraded, Reasons.REDUNDANCY_LOST,
          "redundancy lost: " + why + ", so it cannot take over from " + claim.master());
    }
  }

  private static String faultCause(PairRound r, String member) {
    var report = r.report(member);
    if (Boolean.FALSE.equals(report.getHealthy())) {
      return "its health check fails: " + report.getHealthMessage();
    }
    return "keepalived is failing or restarting";
  }
}
