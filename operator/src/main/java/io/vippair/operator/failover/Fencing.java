package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.SplitBrainPolicy;
import io.vippair.operator.failover.MasterElection.MasterClaim;
import java.time.Duration;
import java.time.Instant;

/**
 * Rule 15's fence (splitBrainPolicy FenceNonOwner): during a split brain, tell the member that
 * does not hold the VIP to step down; lift the fence fenceHold after the split brain ended. Never
 * fence the cloud owner. A paused pair (rule 24) sets none and lifts its own. Covered by {@code
 * FailoverDeciderTest.SplitBrainRule15} and {@code PauseRule24Test}.
 */
final class Fencing {
  private Fencing() {}

  static void apply(PairRound r, MasterClaim claim) {
    if (Switchover.holdsFence(r)) {
      return; // rules 26–27 set it and lift it
    }
    Fence fence = r.out.status.getFence(); // the previous one, unless a switchover (rules 25–27) just lifted it
    String owner = r.cloudOwner();
    boolean policy = r.s.spec().getFailover().getSplitBrainPolicy() == SplitBrainPolicy.FenceNonOwner;
    // rule 24: a paused pair sets no fence and lifts its own, so keepalived alone decides, as before vippair
    boolean fencing = policy && !Pause.on(r);
    if (claim.splitBrain() && policy && owner != null) {
      String nonOwner = r.peerOf(owner);
      String why = "split brain: " + owner + " holds the VIP, so " + nonOwner + " must step down";
      if (!fencing) {
        Pause.withholdFence(r, nonOwner, why);
        if (fence != null) {
          lift(r, fence);
        }
        return;
      }
      if (fence == null || !nonOwner.equals(fence.getMember())) {
        r.out.status.setFence(new Fence(nonOwner, why, timestamp(r.now)));
        r.out.event(true, Reasons.FENCED, "told " + nonOwner + " to step down (keepalived FAULT): " + why);
      }
      return;
    }
    if (fence == null) {
      return;
    }
    if (!fencing || !r.members.contains(fence.getMember()) || fence.getMember().equals(owner)) {
      lift(r, fence);
    } else if (!claim.splitBrain()) {
      Instant liftAt = r.out.conditionSince(Conditions.SPLIT_BRAIN).plus(r.settings.fenceHold());
      if (r.now.isBefore(liftAt)) {
        r.out.recheckIn(Duration.between(r.now, liftAt));
      } else {
        lift(r, fence);
      }
    }
  }

  private static void lift(PairRound r, Fence fence) {
    r.out.status.setFence(null);
    r.out.event(false, Reasons.FENCE_LIFTED, fence.getMember() + " may compete for MASTER again");
  }
}
