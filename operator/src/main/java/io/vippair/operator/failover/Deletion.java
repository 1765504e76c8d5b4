package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;

/**
 * Rules 1–4 of docs/operator-decision.md. Retain: the finalizer may go at once. Release: unassign
 * the VIP from the member that holds it, and let the finalizer go once no member holds it; a VIP
 * on a foreign ENI is left alone. While the cloud cannot be asked, the finalizer stays (set
 * deletionPolicy Retain to let go). Covered by {@code FailoverDeciderTest.DeletionRules1To4}.
 */
final class Deletion {
  private Deletion() {}

  static Decision decide(PairRound r) {
    r.out.status.setProbe(null);
    r.out.status.setFence(null);
    if (HaVipBinding.applies(r)) {
      // rule H4: the HAVIP is the user's, not vippair's; Release has nothing of vippair's to release
      r.out.status.setAnnounce(null);
      r.out.releaseFinalizer = true;
      r.out.event(false, Reasons.HAVIP_LEFT_ALONE, "deleting a pair in mode HaVip: the HAVIP, its binding, drift scope"
          + " and EIP are left as they are (deletionPolicy " + r.s.spec().getDeletionPolicy() + ")");
      r.out.problem(Phase.Converging, Reasons.DELETING, "deleting: the HAVIP is left as it is");
      return r.out.finish(null);
    }
    if (r.s.spec().getDeletionPolicy() != DeletionPolicy.Release) {
      r.out.releaseFinalizer = true;
      r.out.problem(Phase.Converging, Reasons.DELETING, "deleting with deletionPolicy Retain: the VIP is left where it is");
      return r.out.finish(null);
    }
    boolean busy = ChangeInFlight.track(r);
    if (!busy) {
      CloudView cloud = r.s.cloud();
      if (cloud instanceof CloudView.OwnedBy o && r.members.contains(o.member())) {
        ChangeInFlight.start(r, new CloudAction.Unassign(o.member()), MigrationKind.Unassign, o.member(), null);
      } else if (cloud instanceof CloudView.OwnedBy o) {
        leaveAlone(r, o.member());
      } else if (cloud instanceof CloudView.Conflict c) {
        leaveAlone(r, c.foreignEni());
      } else if (cloud instanceof CloudView.Unassigned) {
        r.out.releaseFinalizer = true;
      } else if (cloud instanceof CloudView.Migrating || cloud instanceof CloudView.NotObserved) {
        r.out.recheckIn(r.settings.taskPollInterval());
      } else if (cloud instanceof CloudView.Unknown u) {
        CloudTrouble.unknown(r, u, "the finalizer stays until the cloud confirms the VIP is released;"
            + " set spec.deletionPolicy to Retain to delete without it");
      }
    }
    r.out.problem(Phase.Converging, Reasons.DELETING, "deleting with deletionPolicy Release: the VIP is released from the members");
    return r.out.finish(null);
  }

  private static void leaveAlone(PairRound r, String holder) {
    r.out.releaseFinalizer = true;
    r.out.event(true, Reasons.VIP_LEFT_ALONE, "deletionPolicy Release: the VIP is on " + holder
        + ", which is not a member of this pair, and is left there");
  }
}
