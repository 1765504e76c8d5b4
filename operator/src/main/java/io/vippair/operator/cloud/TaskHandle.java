package io.vippair.operator.cloud;

/**
 * A started asynchronous cloud change.
 *
 * <p>{@code alreadyInProgress} is true when a retry found that an earlier attempt of the same
 * change (whose answer was lost: timeout, I/O error, 5xx) had already reached the cloud: the VIP
 * is migrating or already in place. The port then did not send the change again, and there is no
 * task id to poll: follow the change by observing where the VIP is instead ({@link CloudPort#observe}).
 *
 * @param taskId the id to poll with {@link CloudPort#follow} (Tencent uses the RequestId); null
 *     when alreadyInProgress
 */
public record TaskHandle(String taskId, boolean alreadyInProgress) {

  public TaskHandle(String taskId) {
    this(taskId, false);
  }

  /** A change an earlier, unanswered attempt already started; there is no task id. */
  public static TaskHandle alreadyUnderWay() {
    return new TaskHandle(null, true);
  }
}
