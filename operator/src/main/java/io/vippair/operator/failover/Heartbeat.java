package io.vippair.operator.failover;

import java.time.Duration;

/**
 * What the operator's heartbeat listener knows of one member's agent (rule 14b).
 *
 * @param known whether the channel is known to work for this member: a beat of it was accepted
 *     within the last {@link #KNOWN_WITHIN}, and the listener itself is hearing beats. An unknown
 *     channel (no heartbeat configured, VMs that cannot reach the operator, a listener that just
 *     started or went deaf) decides nothing: the status probe runs as before
 * @param silentFor how long since the last accepted beat; meaningless when not known
 */
public record Heartbeat(boolean known, Duration silentFor) {
  /** A beat older than this no longer proves that the channel works. */
  public static final Duration KNOWN_WITHIN = Duration.ofSeconds(60);
  public static final Heartbeat UNKNOWN = new Heartbeat(false, Duration.ZERO);

  public static Heartbeat silentFor(Duration silence) {
    return new Heartbeat(true, silence);
  }
}
