package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.failover.ConditionValue.CloudSynced;
import io.vippair.operator.failover.ConditionValue.Paused;
import java.util.Objects;

/**
 * Rule 24 of docs/operator-decision.md: a paused pair (spec.paused) gets no cloud change and no
 * fence, yet every other rule runs, so the pair reports what the operator would do: the Paused
 * condition names the withheld change and one Normal ChangeWithheld event is raised when it
 * appears. Checked where a change or a fence would start ({@link ChangeInFlight#start}, {@link
 * Fencing}), so no rule can bypass it. A change already in flight is followed, not undone: its
 * call was made before the pause. Probes go on: they change nothing on the VMs, and without them
 * the pair could not tell what it would do. Covered by {@code PauseRule24Test}.
 */
final class Pause {
  private Pause() {}

  static boolean on(PairRound r) {
    return r.s.spec().pauseRequested();
  }

  /** At the start of every round: the Paused condition while paused, none otherwise. */
  static void report(PairRound r) {
    if (on(r)) {
      r.out.set(Paused.nothingWithheld(paused(r) + "; nothing would change now"));
    } else {
      r.out.remove(Conditions.PAUSED);
    }
  }

  /** Where a cloud change would start: true when paused, after saying what would have been done. */
  static boolean withholds(PairRound r, CloudAction action) {
    if (!on(r)) {
      return false;
    }
    String would = "would " + verb(action) + " (rule " + ruleOf(action) + ", " + Changes.reasonOf(action) + ")";
    withhold(r, would);
    r.out.set(CloudSynced.paused(would + "; paused, so the cloud is left as it is"));
    r.out.problem(Phase.Degraded, Reasons.CHANGE_WITHHELD, would + "; paused");
    return true;
  }

  /** Rule 15 while paused: the fence that would be set, reported instead. */
  static void withholdFence(PairRound r, String member, String why) {
    withhold(r, "would fence " + member + " (rule 15): " + why);
  }

  private static void withhold(PairRound r, String would) {
    String message = paused(r) + "; " + would;
    var before = r.prev.condition(Conditions.PAUSED);
    if (before == null || !Objects.equals(before.getMessage(), message)) {
      r.out.event(false, Reasons.CHANGE_WITHHELD, would + "; paused");
    }
    r.out.set(Paused.changeWithheld(message));
  }

  private static String paused(PairRound r) {
    String why = r.s.spec().getPauseReason();
    return "paused (spec.paused" + (why == null || why.isBlank() ? "" : ": " + why)
        + "): no cloud change and no fence is made";
  }

  private static String verb(CloudAction action) {
    if (action instanceof CloudAction.Migrate m) {
      return "migrate the VIP from " + m.fromMember() + " to " + m.toMember();
    }
    if (action instanceof CloudAction.Assign a) {
      return "assign the VIP to " + a.toMember();
    }
    return action instanceof CloudAction.Unassign u ? "release the VIP from " + u.fromMember() : "call the cloud";
  }

  /** The rule of docs/operator-decision.md that asks for this change. */
  private static int ruleOf(CloudAction action) {
    if (action instanceof CloudAction.Migrate) {
      return 19;
    }
    return action instanceof CloudAction.Assign ? 20 : 2;
  }
}
