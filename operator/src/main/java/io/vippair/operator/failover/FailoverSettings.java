package io.vippair.operator.failover;

import java.time.Duration;

/**
 * Operator-wide knobs of the decision.
 *
 * @param probeDeadline how long an agent has to answer a liveness probe
 * @param migrationTimeout how long a cloud task may run before the operator gives up on it and
 *     looks again
 * @param taskPollInterval how soon to look again while a cloud task runs
 * @param fenceHold how long a fence stays after the split brain it answered has ended
 * @param heartbeatDeadAfter how long a member's heartbeat must be silent for it to be taken for
 *     dead without a probe wait (rule 14b)
 */
public record FailoverSettings(Duration probeDeadline, Duration migrationTimeout, Duration taskPollInterval, Duration fenceHold,
    Duration heartbeatDeadAfter) {
  public static final Duration DEFAULT_HEARTBEAT_DEAD_AFTER = Duration.ofMillis(500);

  public FailoverSettings(Duration probeDeadline, Duration migrationTimeout, Duration taskPollInterval, Duration fenceHold) {
    this(probeDeadline, migrationTimeout, taskPollInterval, fenceHold, DEFAULT_HEARTBEAT_DEAD_AFTER);
  }

  public static FailoverSettings defaults() {
    return new FailoverSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofSeconds(30));
  }
}
