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
 */
public record FailoverSettings(Duration probeDeadline, Duration migrationTimeout, Duration taskPollInterval, Duration fenceHold) {
  public static FailoverSettings defaults() {
    return new FailoverSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofSeconds(30));
  }
}
