package io.vippair.agent.report;

import io.vippair.common.Backoff;
import io.vippair.agent.keepalived.PairKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The latest report of every pair, and which ones still have to reach the API server. A map, not a
 * queue: while the API server is away each pair keeps only its newest state, so memory is bounded
 * by the number of pairs however long the outage lasts.
 *
 * <p>While the API server is unreachable, one report at a time tries it, every {@link #GATE_MIN} to
 * {@link #GATE_MAX} at random (the jitter keeps a fleet of agents from retrying in lockstep); the
 * first one through opens the gate for all. The cadence does not grow with the outage: after
 * 10 s or 2 min alike, reports resume within about a second of the API server's return.
 */
public final class ReportBook {
  static final Duration GATE_MIN = Duration.ofMillis(200);
  static final Duration GATE_MAX = Duration.ofMillis(700);

  /** A report to send: version identifies the content, so a newer change is never marked as sent. */
  public record Due(PairKey pair, LocalReport report, long version, Long transitionSeenNanos) {}

  private static final class Entry {
    LocalReport report;
    long version;
    long sentVersion = -1;
    int failures;
    long notBeforeNanos;
    /** When keepalived announced the newest role change not yet reported (for the latency metric). */
    Long transitionSeenNanos;
    /** The reportedAt of the last report the API server accepted, and when (nanoTime) it did. */
    Instant acceptedStamp;
    long acceptedNanos;
    /** The reportedAt of our report as the watch last showed it. */
    Instant shownStamp;

    Entry(LocalReport report) {
      this.report = report;
    }

    boolean dirty() {
      return sentVersion != version;
    }
  }

  private final Map<PairKey, Entry> entries = new HashMap<>();
  private final Backoff retry;
  /** While the API server is unreachable: no report is due before this. */
  private long gateNanos;
  private boolean unreachable;

  public ReportBook(Backoff retry) {
    this.retry = retry;
  }

  /** Starts reporting for pair unless it is known already. Returns true when it is new. */
  public synchronized boolean track(PairKey pair, LocalReport initial) {
    if (entries.containsKey(pair)) {
      return false;
    }
    entries.put(pair, new Entry(initial));
    notifyAll();
    return true;
  }

  public synchronized boolean contains(PairKey pair) {
    return entries.containsKey(pair);
  }

  public synchronized void remove(PairKey pair) {
    entries.remove(pair);
  }

  public synchronized Optional<LocalReport> get(PairKey pair) {
    return Optional.ofNullable(entries.get(pair)).map(e -> e.report);
  }

  /** Applies change to pair's report; it is sent if that changed anything. Returns whether it did. */
  public synchronized boolean update(PairKey pair, UnaryOperator<LocalReport> change) {
    Entry e = entries.get(pair);
    if (e == null) {
      return false;
    }
    LocalReport next = change.apply(e.report);
    if (next.equals(e.report)) {
      return false;
    }
    if (next.role() != e.report.role() && e.transitionSeenNanos == null) {
      e.transitionSeenNanos = System.nanoTime();
    }
    e.report = next;
    e.version++;
    e.failures = 0;
    e.notBeforeNanos = 0;
    notifyAll();
    return true;
  }

  /** Applies change to every pair (keepalived stopped: all FAULT). */
  public synchronized void updateAll(UnaryOperator<LocalReport> change) {
    for (PairKey pair : Map.copyOf(entries).keySet()) {
      update(pair, change);
    }
  }

  /** Sends pair's current report again although nothing changed (the API server lost it). */
  public synchronized void resend(PairKey pair) {
    Entry e = entries.get(pair);
    if (e != null && !e.dirty()) {
      e.sentVersion = -1;
      notifyAll();
    }
  }

  /** What the watch shows as our report's reportedAt (null: none). */
  public synchronized void shown(PairKey pair, Instant reportedAt) {
    Entry e = entries.get(pair);
    if (e != null) {
      e.shownStamp = reportedAt;
    }
  }

  /**
   * Sends again every report the API server still shows older than the last one it accepted from
   * us, {@code settle} after that acceptance: a write sent earlier arrived later and overwrote it.
   * In the lab, most likely a killed agent's request that its VM's kernel delivered once the link came
   * back; in a fleet, any request a proxy held. Within {@code settle} the watch may simply not
   * have delivered our write yet, which is no reason to write again. Returns how many it resent.
   */
  public synchronized int resendOverwritten(Duration settle) {
    long now = System.nanoTime();
    int resent = 0;
    for (Entry e : entries.values()) {
      boolean overwritten = e.acceptedStamp != null && e.shownStamp != null && e.shownStamp.isBefore(e.acceptedStamp);
      if (overwritten && !e.dirty() && now - e.acceptedNanos >= settle.toNanos()) {
        e.sentVersion = -1;
        resent++;
      }
    }
    if (resent > 0) {
      notifyAll();
    }
    return resent;
  }

  /** Waits up to maxWait for a report that is due and returns it, or empty. */
  public synchronized Optional<Due> awaitDue(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      long now = System.nanoTime();
      long nextWake = deadline;
      if (unreachable && gateNanos > now) {
        long waitNanos = Math.min(gateNanos, deadline) - now;
        if (waitNanos <= 0) {
          return Optional.empty();
        }
        wait(Math.max(1, waitNanos / 1_000_000), 0);
        continue;
      }
      for (var entry : entries.entrySet()) {
        Entry e = entry.getValue();
        if (!e.dirty()) {
          continue;
        }
        if (e.notBeforeNanos <= now) {
          return Optional.of(new Due(entry.getKey(), e.report, e.version, e.transitionSeenNanos));
        }
        nextWake = Math.min(nextWake, e.notBeforeNanos);
      }
      long waitNanos = nextWake - now;
      if (waitNanos <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, waitNanos / 1_000_000), 0);
    }
  }

  /** The API server accepted this version. */
  public synchronized void sent(Due due) {
    sent(due, null);
  }

  /** The API server accepted this version, stamped reportedAt. */
  public synchronized void sent(Due due, Instant reportedAt) {
    unreachable = false;
    notifyAll();
    Entry e = entries.get(due.pair());
    if (e == null) {
      return;
    }
    if (reportedAt != null && (e.acceptedStamp == null || reportedAt.isAfter(e.acceptedStamp))) {
      e.acceptedStamp = reportedAt;
      e.acceptedNanos = System.nanoTime();
    }
    e.sentVersion = Math.max(e.sentVersion, due.version());
    e.failures = 0;
    if (e.version == due.version()) {
      e.transitionSeenNanos = null;
    }
  }

  /** The API server did not accept it; try again after a backoff (newer content resets the backoff). */
  public synchronized void failed(Due due) {
    unreachable = false;
    Entry e = entries.get(due.pair());
    if (e == null || e.version != due.version()) {
      return;
    }
    e.notBeforeNanos = System.nanoTime() + retry.delay(e.failures++).toNanos();
  }

  /**
   * The API server did not answer (or answered that it cannot serve now): the report stays due,
   * and the next attempt, of any pair, waits for the jittered gate.
   */
  public synchronized void unreachable() {
    unreachable = true;
    long jitter = ThreadLocalRandom.current().nextLong(GATE_MIN.toNanos(), GATE_MAX.toNanos() + 1);
    gateNanos = System.nanoTime() + jitter;
  }

  /** Whether the last attempt found the API server unreachable. */
  public synchronized boolean isUnreachable() {
    return unreachable;
  }

  /** The pair no longer exists on the API server: nothing to send until it changes again. */
  public synchronized void abandon(Due due) {
    unreachable = false;
    Entry e = entries.get(due.pair());
    if (e != null && e.version == due.version()) {
      e.sentVersion = e.version;
    }
  }

  /** How many pairs have a report not yet accepted. */
  public synchronized int pending() {
    return (int) entries.values().stream().filter(Entry::dirty).count();
  }

  public synchronized int size() {
    return entries.size();
  }
}
