package io.vippair.lab;

import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.AgentReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What every scenario shares: waiting with deadlines, the measurement of one scenario run
 * ({@link Measure}: its start, its event, convergence afterwards) and the result it returns.
 */
abstract class ScenarioBase {
  static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);
  /** How long pings must flow again before a scenario counts as over (the outage is measured up to then). */
  static final Duration SETTLE = Duration.ofSeconds(1);

  final Lab lab;
  private final Measure.Holder measures;

  ScenarioBase(Lab lab, Measure.Holder measures) {
    this.lab = lab;
    this.measures = measures;
  }

  /** Starts measuring a scenario on a pair: now is its start and, unless the scenario says otherwise, its event. */
  Measure begin(String name, String pair) {
    return measures.begin(lab, name, pair);
  }

  /** A graceful failover with the cloud slowed down, caught while its migration is in flight. */
  record InFlight(Measure measure, String leader, String oldMaster, String newMaster) {}

  /**
   * The cloud takes 6 s per move; SIGTERM to the pair's master keepalived; returns once the
   * operator recorded the migration (status.migration), with the replica that leads.
   */
  InFlight migrationInFlight(String name, String pair) {
    String leader = lab.leader().orElseThrow(() -> new LabException("no operator replica holds the leader Lease"));
    lab.cloud().faults().migrationDelay(Duration.ofSeconds(6), Duration.ofSeconds(6));
    String oldMaster = currentMaster(pair);
    String newMaster = lab.topology.pair(pair).peerOf(oldMaster);
    Measure m = begin(name, pair);
    lab.signalKeepalived(oldMaster, "TERM");
    awaitOrFail(name + ": the operator issued the migration", FAILOVER_TIMEOUT,
        () -> lab.watch().status(pair).map(s -> s.getMigration() != null && newMaster.equals(s.getMigration().getTarget())).orElse(false));
    return new InFlight(m, leader, oldMaster, newMaster);
  }

  Measure current() {
    return measures.current().orElseThrow(() -> new IllegalStateException("no scenario measure begun"));
  }

  // ---- helpers -------------------------------------------------------------------------

  /** The pair's master, checked from every side: exactly one reported MASTER, the cloud agrees. */
  String currentMaster(String pair) {
    awaitOrFail(pair + " converged before the scenario", FAILOVER_TIMEOUT, () -> lab.converged(pair));
    return lab.reportedMasters(pair).get(0);
  }

  /**
   * Waits until pings have flowed for the last SETTLE without a gap (a sliding window: one late
   * reply on a loaded machine does not make it wait for ever), and returns that moment.
   */
  Instant settle(String pair) {
    Instant since = Instant.now();
    awaitOrFail(pair + ": pings flowing for " + SETTLE.toMillis() + " ms", Duration.ofSeconds(30), () -> {
      Instant now = Instant.now();
      return Duration.between(since, now).compareTo(SETTLE) >= 0 && lab.prober(pair).answering()
          && lab.prober(pair).outage(now.minus(SETTLE), now).compareTo(Duration.ofMillis(200)) < 0;
    });
    return Instant.now();
  }

  ScenarioResult result(String name, String pair, Instant t0, Instant end, long migrate0, String newMaster,
      Map<String, Object> facts) {
    Measure m = current();
    long convergedMs = m.awaitConverged(this);
    Duration outage = lab.prober(pair).outage(t0, end);
    long moves = lab.timeline.count(t0, e -> e.kind() == Timeline.Kind.OWNERSHIP && pair.equals(e.pair()));
    long migrates = lab.cloudCalls().count("MigratePrivateIpAddress") - migrate0;
    long vippair = newMaster == null ? -1 : reportToCloudCall(pair, t0, newMaster);
    if (newMaster != null) {
      facts.put("report -> migration accepted by the cloud ms", reportToAcceptedMigration(pair, t0, newMaster));
    }
    long transitions = Math.max(VrrpTransitions.count(lab.watch().roles(), pair, t0, end), m.keepalivedTransitions());
    Optional<Instant> firstPing = lastOwnershipChange(pair, t0).flatMap(t -> lab.prober(pair).firstReplyAfter(t));
    firstPing.ifPresent(t -> lab.timeline.add(t, Timeline.Kind.PING, pair, "client: first reply from " + lab.topology.pair(pair).vip()
        + " after the VIP moved"));
    String timeline = lab.timeline.render(t0.minusMillis(50), pair);
    return new ScenarioResult(name, pair, outage, moves, migrates, vippair, transitions, convergedMs, facts, timeline);
  }

  /** What a scenario that failed had measured so far (for the results file): never converged. */
  ScenarioResult partial(Measure m) {
    Instant now = Instant.now();
    m.stop();
    return new ScenarioResult(m.name(), m.pair(), lab.prober(m.pair()).outage(m.t0(), now),
        lab.timeline.count(m.t0(), e -> e.kind() == Timeline.Kind.OWNERSHIP && m.pair().equals(e.pair())),
        lab.cloudCalls().count("MigratePrivateIpAddress") - m.migrate0(), -1,
        Math.max(VrrpTransitions.count(lab.watch().roles(), m.pair(), m.t0(), now), m.keepalivedTransitions()), -1, Map.of(), "");
  }

  Optional<Instant> lastOwnershipChange(String pair, Instant t0) {
    List<Timeline.Event> moves = lab.timeline.since(t0).stream()
        .filter(e -> e.kind() == Timeline.Kind.OWNERSHIP && pair.equals(e.pair())).toList();
    return moves.isEmpty() ? Optional.empty() : Optional.of(moves.get(moves.size() - 1).at());
  }

  /**
   * The vippair part of a failover: from the new master's MASTER report (its reportedAt) to the
   * first MigratePrivateIpAddress request the cloud received after it. When the cloud refuses
   * that request (another task runs on the same ENI) the retries count as the cloud's part; the
   * moment the operator recorded the migration as accepted is a separate fact. 0 when the request
   * came before the report (rule 16a moves the VIP on the old master's goodbye).
   */
  long reportToCloudCall(String pair, Instant t0, String newMaster) {
    Optional<Timeline.Event> report = newMasterReport(pair, t0, newMaster);
    if (report.isEmpty()) {
      return -1;
    }
    Instant from = report.get().at();
    boolean early = lab.timeline.first(t0, e -> e.kind() == Timeline.Kind.CLOUD_CALL && e.text().startsWith("MigratePrivateIpAddress"))
        .filter(e -> e.at().isBefore(from)).isPresent();
    if (early) {
      return 0; // rule 16a: the old master's goodbye started the move before the new master reported
    }
    return lab.timeline.since(from).stream()
        .filter(e -> e.kind() == Timeline.Kind.CLOUD_CALL && e.text().startsWith("MigratePrivateIpAddress"))
        .findFirst()
        .map(e -> Duration.between(from, e.at()).toMillis())
        .orElse(-1L);
  }

  /** From the new master's MASTER report to the operator's record of an accepted migration (status.migration.issuedAt). */
  long reportToAcceptedMigration(String pair, Instant t0, String newMaster) {
    Optional<Timeline.Event> report = newMasterReport(pair, t0, newMaster);
    Optional<Timeline.Event> decision = lab.timeline.first(t0, e -> e.kind() == Timeline.Kind.DECISION && pair.equals(e.pair())
        && e.text().contains("-> " + newMaster));
    if (report.isEmpty() || decision.isEmpty()) {
      return -1;
    }
    return Duration.between(report.get().at(), decision.get().at()).toMillis();
  }

  Optional<Timeline.Event> newMasterReport(String pair, Instant t0, String newMaster) {
    return lab.timeline.first(t0, e -> e.kind() == Timeline.Kind.REPORT && pair.equals(e.pair())
        && e.text().startsWith(newMaster + " reported MASTER"));
  }

  static boolean reportedAfter(AgentReport r, Instant t) {
    return r.getReportedAt() != null && Instant.parse(r.getReportedAt()).isAfter(t);
  }

  /** Waits for the condition (polled every 20 ms); fails the scenario with the lab's state when the deadline passes. */
  void awaitOrFail(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new LabException("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; the lab now:\n"
          + lab.describe() + "timeline:\n" + lab.timeline.render(Instant.now().minusSeconds(timeout.toSeconds() + 5), null), e);
    }
  }

  /** A scenario's fixed duration (a partition that lasts, an outage of a given length): not a wait for a result. */
  static void holdFor(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted");
    }
  }

}
