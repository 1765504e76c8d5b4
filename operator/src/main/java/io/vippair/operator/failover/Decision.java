package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Duration;
import java.util.List;

/**
 * What to do for one pair, and what to publish.
 *
 * @param action the one cloud change to make now, or {@link CloudAction.None}
 * @param status the operator-owned status fields to write (agents is always null here); the
 *     controller writes every operator-owned field of it, clearing the ones that are null. When
 *     action is a cloud change, status.migration records it (issuedAt = now) without a task id:
 *     the controller writes it, then makes the call; the call's answer comes back in a later
 *     snapshot ({@link CloudCall}) and the decision adds the task id then.
 * @param events Kubernetes events to record
 * @param recheckAfter when to decide again even if nothing changes (a probe deadline, the next
 *     look at a change in flight, the end of a retry back-off or of a fence hold), or null for the
 *     routine resync. The preempt delay of policy Preferred is keepalived's, never a re-check.
 * @param completed the failover that completed in this step, for metrics, or null
 * @param releaseFinalizer only while deleting: the deletion policy is satisfied and the
 *     controller may remove the finalizer (after writing nothing else to the cloud)
 */
public record Decision(
    CloudAction action,
    VipPairStatus status,
    List<PairEvent> events,
    Duration recheckAfter,
    FailoverCompleted completed,
    boolean releaseFinalizer) {

  public Decision {
    events = List.copyOf(events);
  }

  /** A decision that keeps the finalizer (every decision outside deletion). */
  public Decision(CloudAction action, VipPairStatus status, List<PairEvent> events, Duration recheckAfter, FailoverCompleted completed) {
    this(action, status, events, recheckAfter, completed, false);
  }
}
