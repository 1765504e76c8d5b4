package io.vippair.operator.failover;

import java.time.Duration;

/**
 * Rule 14b of docs/operator-decision.md: a member that MASTER is claimed against (rules 12 and
 * 14a) whose heartbeat has been silent for {@code heartbeatDeadAfter}, on a channel known to work
 * for it, is dead now: no probe wait. Silent for less: the probe runs, and the round looks again
 * the moment the silence reaches the limit. Heard recently, or a channel not known to work: the
 * probe alone decides, as before. An answered probe always wins (rule 15): the heartbeat only
 * shortens the dead case. Covered by {@code HeartbeatSilenceRule14bTest}.
 */
final class HeartbeatSilence {
  private HeartbeatSilence() {}

  /** The evidence that the member is dead ("no heartbeat from cvm-a for 3,702 ms"), or null. */
  static String evidence(PairRound r, String member) {
    Heartbeat h = r.heartbeat(member);
    if (!h.known() || h.silentFor().compareTo(r.settings.heartbeatDeadAfter()) < 0) {
      return null;
    }
    return String.format("no heartbeat from %s for %,d ms", member, h.silentFor().toMillis());
  }

  /** How long until the member's silence reaches the limit, or null when its heartbeat cannot tell. */
  static Duration untilDead(PairRound r, String member) {
    Heartbeat h = r.heartbeat(member);
    return h.known() ? r.settings.heartbeatDeadAfter().minus(h.silentFor()) : null;
  }

  /** Asks the round to look again when the member's silence reaches the limit, if sooner than anything else. */
  static void recheckAtLimit(PairRound r, String member) {
    Duration until = untilDead(r, member);
    if (until != null) {
      r.out.recheckIn(until);
    }
  }
}
