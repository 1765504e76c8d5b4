package io.vippair.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One scenario run being measured: when it began, its event (what converged_ms counts from:
 * the fault, or the heal for a partition or an outage), what the scenario leaves broken on
 * purpose, and when every pair last became converged. A watcher polls the lab every 20 ms and
 * keeps the start of the current converged stretch, so the time to converge is not inflated by
 * the scenario's own waits; a stretch that began before the event (nothing ever broke) counts as 0.
 */
final class Measure {
  private static final Duration POLL = Duration.ofMillis(20);

  private final String name;
  private final String pair;
  private final Instant t0;
  private final long migrate0;
  private final Lab lab;
  /** Pairs that need only agree at the end (a member of theirs left unhealthy or off on purpose). */
  private final Set<String> agreeOnly = ConcurrentHashMap.newKeySet();
  /** Members whose last report is stale (powered off): it does not count. */
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Thread watcher;
  private volatile Instant eventAt;
  private volatile Instant convergedSince;
  private volatile boolean stopped;
  private volatile long keepalivedTransitions;

  private Measure(Lab lab, String name, String pair) {
    this.lab = lab;
    this.name = name;
    this.pair = pair;
    this.migrate0 = lab.cloudCalls().count("MigratePrivateIpAddress");
    this.t0 = Instant.now();
    this.eventAt = t0;
    this.watcher = new Thread(this::watch, "measure-" + name);
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Which scenario is being measured now (one at a time). */
  static final class Holder {
    private volatile Measure current;

    Measure begin(Lab lab, String name, String pair) {
      Optional.ofNullable(current).ifPresent(Measure::stop);
      current = new Measure(lab, name, pair);
      return current;
    }

    Optional<Measure> current() {
      return Optional.ofNullable(current);
    }

    void clear() {
      Optional.ofNullable(current).ifPresent(Measure::stop);
      current = null;
    }
  }

  String name() {
    return name;
  }

  String pair() {
    return pair;
  }

  Instant t0() {
    return t0;
  }

  long migrate0() {
    return migrate0;
  }

  /** The moment converged_ms counts from (default: the scenario's start). */
  Measure event(Instant at) {
    this.eventAt = at;
    return this;
  }

  Instant eventAt() {
    return eventAt;
  }

  /** The scenario leaves the pair without redundancy on purpose (a service stopped): it needs only agree, not be Ready. */
  Measure agreeOnly(String pair) {
    agreeOnly.add(pair);
    return this;
  }

  /** The scenario powers the member off: its last reports stay as they were and do not count; its pairs need only agree. */
  Measure silent(String member) {
    silent.add(member);
    lab.topology.pairs().stream().filter(p -> p.has(member)).forEach(p -> agreeOnly.add(p.name()));
    return this;
  }

  /** State changes keepalived itself admits to (its dumps), when the scenario checked them. */
  Measure keepalivedTransitions(long n) {
    this.keepalivedTransitions = n;
    return this;
  }

  long keepalivedTransitions() {
    return keepalivedTransitions;
  }

  private void watch() {
    while (!stopped) {
      boolean ok;
      try {
        ok = lab.allConverged(agreeOnly, silent);
      } catch (RuntimeException e) {
        ok = false;
      }
      Instant now = Instant.now();
      if (!ok) {
        convergedSince = null;
      } else if (convergedSince == null) {
        convergedSince = now;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Waits until every pair is converged (the scenario fails otherwise) and returns the time from
   * the event to the start of that converged stretch.
   */
  long awaitConverged(ScenarioBase scenarios) {
    Instant[] since = new Instant[1];
    scenarios.awaitOrFail(name + ": every pair Ready, its master the cloud's owner, pings answered", ScenarioBase.FAILOVER_TIMEOUT,
        () -> {
          Instant s = convergedSince;
          since[0] = s;
          return s != null && lab.allConverged(agreeOnly, silent);
        });
    stop();
    return Math.max(0, Duration.between(eventAt, since[0]).toMillis());
  }

  void stop() {
    stopped = true;
    watcher.interrupt();
  }
}
