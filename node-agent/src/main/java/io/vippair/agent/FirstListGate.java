package io.vippair.agent;

import io.vippair.agent.keepalived.PairKey;
import java.time.Duration;
import java.util.Set;

/**
 * Holds back the agent's first keepalived configuration until every pair of the watcher's first
 * complete list has reached the agent. The informer delivers its initial list one pair at a time;
 * a configuration rendered from the first few would drop the other pairs' instances from the
 * keepalived a restarted agent adopted, and with them their masters: the lab saw exactly that
 * failover when an agent restarted on a loaded machine and the pairs arrived over a second.
 *
 * <p>Only the first apply waits: afterwards keepalived runs what the agent rendered, and a pair
 * that arrives later is added like any new pair.
 */
final class FirstListGate {
  /** How long the first apply waits for the listed pairs' events before it goes ahead with what it has. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);
  /** How soon to look again while listed pairs are still on their way. */
  static final Duration RECHECK = Duration.ofMillis(50);

  enum Verdict {
    /** Apply: every listed pair has arrived (and from now on, always). */
    APPLY,
    /** Apply although listed pairs are missing: the wait ran out (given once). */
    APPLY_WITHOUT_SOME,
    /** The watcher has not completed a list yet; its list wakes the loop. */
    AWAIT_LIST,
    /** Listed pairs are still on their way: look again after {@link #RECHECK}. */
    AWAIT_PAIRS
  }

  private Set<PairKey> listed;
  private long listedAtNanos;
  private boolean open;

  /** The watcher's first complete list (later lists change nothing here). Returns whether it was the first. */
  synchronized boolean listed(Set<PairKey> keys) {
    if (listed != null) {
      return false;
    }
    listedAtNanos = System.nanoTime();
    listed = Set.copyOf(keys);
    return true;
  }

  /**
   * Whether the loop may apply a configuration now.
   *
   * @param arrived the pairs whose news (seen or gone) has reached the agent
   */
  synchronized Verdict verdict(Set<PairKey> arrived, long nowNanos) {
    if (open) {
      return Verdict.APPLY;
    }
    if (listed == null) {
      return Verdict.AWAIT_LIST;
    }
    boolean all = arrived.containsAll(listed);
    if (!all && nowNanos - listedAtNanos < MAX_WAIT.toNanos()) {
      return Verdict.AWAIT_PAIRS;
    }
    open = true;
    return all ? Verdict.APPLY : Verdict.APPLY_WITHOUT_SOME;
  }
}
