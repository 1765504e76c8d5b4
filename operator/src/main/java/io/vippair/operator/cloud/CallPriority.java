package io.vippair.operator.cloud;

/**
 * Whose turn it is when rate-limit tokens are short. Calls that change or confirm a failover go
 * ahead of routine observation: a routine call only takes a token while the bucket holds more
 * than its reserve, so the reserve is always left for urgent calls.
 */
public enum CallPriority {
  /** Periodic fleet observation (resync). */
  ROUTINE,
  /** Migrations, assignments, task polls and the observation that confirms a failover. */
  URGENT
}
