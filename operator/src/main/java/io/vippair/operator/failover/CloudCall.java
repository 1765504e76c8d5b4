package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Migration;
import java.time.Instant;

/**
 * This operator's last cloud call for a pair, as the shell saw it go: the decision starts a
 * change by recording it in status.migration; the shell makes the call off the reconcile thread
 * and hands its progress back through the next snapshot. The decision then records the task id
 * (rule 6–8) or the refusal and its back-off (rule 22). Calls are matched to the change by
 * {@link #requested()}, the status.migration the call was made for.
 */
public sealed interface CloudCall {

  /** The change the call was made for, as the decision recorded it (without a task id). */
  Migration requested();

  /** The call has not answered yet (it may be retrying); lastError is its last failed attempt's code, or null. */
  record Pending(Migration requested, String lastError) implements CloudCall {}

  /**
   * The cloud accepted the change. taskId is null when an earlier, unanswered attempt was found
   * already under way: then the change is followed by observing where the VIP is.
   */
  record Accepted(Migration requested, String taskId) implements CloudCall {}

  /**
   * The call failed for good (refused, or retries exhausted).
   *
   * @param errorCode the cloud's error code (or IOError, Timeout...)
   * @param retryable whether the same call may succeed later without a change of spec or credentials
   * @param at when it failed
   */
  record Failed(Migration requested, String errorCode, String message, boolean retryable, Instant at) implements CloudCall {}
}
