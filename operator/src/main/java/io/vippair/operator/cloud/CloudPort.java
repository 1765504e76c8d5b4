package io.vippair.operator.cloud;

import io.vippair.api.v1alpha1.VipPair;
import java.util.List;
import java.util.Map;

/**
 * What the controller needs from a cloud, in member terms: where each pair's VIP is, placing it on
 * a member, releasing it, and following a change until it settles. One implementation per cloud
 * mode (today: Tencent ENI secondary IP, {@code cloud.tencent}); {@link CloudModes} picks the one
 * for a pair. Nothing here names ENIs, IP states or API actions, so a mode that moves a VIP by
 * other means (an HAVIP, a route) implements the same four calls.
 *
 * <p>Every call may block for rate-limit tokens and retries (bounded): the controller calls them
 * off its reconcile threads. They throw {@link CloudException} only for errors that retrying will
 * not fix or when retries are exhausted.
 */
public interface CloudPort {

  /**
   * Where each pair's VIP is, for many pairs of one account at once (batched), in member terms,
   * with any problem of the spec the cloud's answer reveals. Keyed by {@link #key(VipPair)}; a
   * pair whose state could not be learned maps to a {@code CloudView.Unknown} rather than failing
   * the whole batch.
   */
  Map<String, Placement> observe(CloudAccount account, List<VipPair> pairs, CallPriority priority);

  /**
   * Starts placing the VIP on member {@code to}, taking it from member {@code from} (null when no
   * member holds it). Never sends the change twice: if an attempt's answer was lost and the change
   * is then seen under way, returns {@link TaskHandle#alreadyUnderWay()}.
   *
   * @param attempts told about each failed attempt before it is retried, so the pair can show it
   */
  TaskHandle place(CloudAccount account, VipPair pair, String to, String from, Attempts attempts) throws CloudException;

  /** Starts releasing the VIP from member {@code from} (deletion with policy Release). */
  TaskHandle release(CloudAccount account, VipPair pair, String from, Attempts attempts) throws CloudException;

  /** The state of a change started by {@link #place} or {@link #release}, by its task id. */
  TaskState follow(CloudAccount account, VipPair pair, String taskId) throws CloudException;

  /** The key of a pair in {@link #observe}'s answer. */
  static String key(VipPair pair) {
    return pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName();
  }

  /** Hears about the failed attempts of a call that is retried. */
  @FunctionalInterface
  interface Attempts {
    Attempts IGNORED = code -> { };

    /** An attempt failed with the cloud's code (or IOError, Timeout) and will be retried. */
    void failed(String errorCode);
  }
}
