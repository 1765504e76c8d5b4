package io.vippair.operator.cloud;

import java.util.List;

/**
 * What the controller needs from the cloud, in the controller's terms. One implementation talks
 * to the Tencent Cloud VPC API; tests and the lab point it at the cloud emulator.
 *
 * <p>Every call may block for rate-limit tokens and retries (bounded); it throws {@link
 * CloudException} only for errors that retrying will not fix or when retries are exhausted.
 */
public interface CloudPort {

  /**
   * Who holds each pair's VIP, for many pairs of one account and region at once (batched: about
   * one DescribeNetworkInterfaces call per 50 pairs), and what the cloud says about each member
   * ENI (the same calls return it). The ownership map has one entry per query, keyed by {@link
   * VipQuery#key()}; a pair whose state could not be learned maps to {@link VipOwnership.Unknown}
   * rather than failing the whole batch. An ENI the cloud does not know is absent from enis.
   */
  default CloudObservation observe(CloudAccount account, List<VipQuery> queries) {
    return observe(account, queries, CallPriority.ROUTINE);
  }

  /**
   * As {@link #observe(CloudAccount, List)}, with a priority for rate-limit tokens: use {@link
   * CallPriority#URGENT} to confirm an in-flight failover so it is not queued behind the resync.
   */
  CloudObservation observe(CloudAccount account, List<VipQuery> queries, CallPriority priority);

  /**
   * Starts moving the VIP from one member ENI to the other (asynchronous in the cloud). Never sends
   * the migration twice: if an attempt's answer was lost and the VIP is then seen migrating or on
   * the destination, returns {@link TaskHandle#alreadyUnderWay()} instead of re-sending.
   */
  TaskHandle migrate(CloudAccount account, String vip, String sourceEni, String destinationEni)
      throws CloudException;

  /** Starts placing an unassigned VIP on an ENI (asynchronous in the cloud). */
  TaskHandle assign(CloudAccount account, String vip, String eni) throws CloudException;

  /** Starts releasing the VIP from the ENI that holds it (asynchronous in the cloud). */
  TaskHandle unassign(CloudAccount account, String vip, String eni) throws CloudException;

  /** The state of a task started by one of the calls above. */
  TaskState taskState(CloudAccount account, String taskId) throws CloudException;
}
