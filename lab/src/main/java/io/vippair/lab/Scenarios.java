package io.vippair.lab;

import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The failover scenarios, and the entry point for all scenarios ({@link RoutineEventScenarios} has
 * issue 11's). Each one acts on a running {@link Lab} (after {@link Lab#reset()}), waits for the
 * outcome with a deadline, and returns what it measured; the tests assert on the results, the
 * command line prints them, and every run appends its line to the results file ({@link ResultsTsv}).
 * Scenarios leave their damage for the next reset.
 */
final class Scenarios extends ScenarioBase {
  /** The failover scenarios of the first release. */
  static final List<String> FAILOVER_NAMES = List.of("graceful-stop", "keepalived-kill", "power-off", "health-check", "split-brain",
      "leader-killed", "cloud-faults", "api-unreachable", "preferred-return");
  static final List<String> NAMES = java.util.stream.Stream.of(FAILOVER_NAMES, RoutineEventScenarios.NAMES, List.of(CutoverScenario.NAME), DayTwoScenarios.NAMES, HaVipScenarios.NAMES)
      .flatMap(List::stream).toList();

  private final Measure.Holder measures;
  private final RoutineEventScenarios routine;
  private final DayTwoScenarios dayTwo;
  private final HaVipScenarios haVip;
  private final ResultsTsv tsv;

  /** Scenarios whose results go to the default results file (lab/target/lab-results.tsv). */
  Scenarios(Lab lab) {
    this(lab, ResultsTsv.defaultFile());
  }

  Scenarios(Lab lab, ResultsTsv tsv) {
    this(lab, tsv, new Measure.Holder());
  }

  private Scenarios(Lab lab, ResultsTsv tsv, Measure.Holder measures) {
    super(lab, measures);
    this.measures = measures;
    this.routine = new RoutineEventScenarios(lab, measures);
    this.dayTwo = new DayTwoScenarios(lab, measures);
    this.haVip = new HaVipScenarios(lab, measures);
    this.tsv = tsv;
  }

  /**
   * Runs one scenario and appends its line to the results file, also when it fails (then with
   * what it had measured and converged_ms -1).
   */
  ScenarioResult run(String name) {
    measures.clear();
    try {
      ScenarioResult r = dispatch(name);
      tsv.append(ResultsTsv.row(r, lab.options.advertIntervalMillis(), lab.options.migrationDelay().toMillis()));
      return r;
    } catch (RuntimeException | Error e) {
      measures.current().ifPresent(m -> tsv.append(ResultsTsv.row(partial(m), lab.options.advertIntervalMillis(),
          lab.options.migrationDelay().toMillis())));
      throw e;
    } finally {
      measures.clear();
    }
  }

  private ScenarioResult dispatch(String name) {
    if (RoutineEventScenarios.NAMES.contains(name)) {
      return routine.run(name);
    }
    if (CutoverScenario.NAME.equals(name)) {
      return new CutoverScenario(lab, measures).run();
    }
    if (DayTwoScenarios.NAMES.contains(name)) {
      return dayTwo.run(name);
    }
    if (HaVipScenarios.NAMES.contains(name)) {
      return haVip.run(name);
    }
    return switch (name) {
      case "graceful-stop" -> gracefulStop();
      case "keepalived-kill" -> keepalivedKilled();
      case "power-off" -> powerOff();
      case "health-check" -> healthCheckFails();
      case "split-brain" -> splitBrain();
      case "leader-killed" -> leaderKilledMidMigration();
      case "cloud-faults" -> cloudFaults();
      case "api-unreachable" -> apiUnreachable(apiOutage());
      case "preferred-return" -> preferredReturns();
      default -> throw new LabException("no scenario '" + name + "'; scenarios: " + String.join(", ", NAMES));
    };
  }

  /** 1. SIGTERM to the master's keepalived: it says goodbye (priority 0); the agent restarts it after a back-off. */
  ScenarioResult gracefulStop() {
    return failover("graceful-stop", "web", master -> lab.signalKeepalived(master, "TERM"), Map.of());
  }

  /**
   * 2. SIGKILL to every keepalived process of the master: no goodbye advert, the peer waits for
   * master-down (3 adverts + skew). The agent sees its child die and reports FAULT at once. (The
   * main process dies first; now and then its VRRP child gets the parent-death signal before its
   * own SIGKILL and says goodbye after all: STOP, priority 0, and rule 16a acts on it.)
   */
  ScenarioResult keepalivedKilled() {
    return failover("keepalived-kill", "web", master -> lab.signalKeepalived(master, "KILL"), Map.of());
  }

  /** 3. The master VM loses power: agent and keepalived SIGKILLed together, link down. Truly silent. */
  ScenarioResult powerOff() {
    return failover("power-off", "web", master -> {
      current().silent(master);
      lab.powerOff(master);
    }, Map.of());
  }

  /** 4. The service on the master stops: its TCP health check fails (fall 2 x 1 s) and it gives up the VIP. */
  ScenarioResult healthCheckFails() {
    return failover("health-check", "web", master -> {
      current().agreeOnly("web");
      lab.stopService(master);
    }, Map.of());
  }

  /**
   * The common shape of 1-4: act on the pair's master, wait until the other member is master, the
   * cloud agrees and the client's pings flow again, then measure.
   */
  private ScenarioResult failover(String name, String pair, Consumer<String> breakMaster, Map<String, Object> extra) {
    String oldMaster = currentMaster(pair);
    String newMaster = lab.topology.pair(pair).peerOf(oldMaster);
    Measure m = begin(name, pair);
    long migrate0 = m.migrate0();
    Instant t0 = m.t0();
    breakMaster.accept(oldMaster);
    awaitOrFail(name + ": " + newMaster + " MASTER, owning the VIP in the cloud, answering pings", FAILOVER_TIMEOUT,
        () -> lab.reportedMasters(pair).contains(newMaster) && lab.cloudOwner(pair).equals(Optional.of(newMaster))
            && lab.prober(pair).answering());
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>(extra);
    facts.put("old master", oldMaster);
    facts.put("new master", newMaster);
    return result(name, pair, t0, end, migrate0, newMaster, facts);
  }

  /**
   * 5. VRRP between cvm-a and cvm-b is dropped in the router while everything else flows: both
   * become MASTER. The operator must keep the VIP where the cloud has it, report SplitBrain and
   * migrate nothing for as long as it lasts; healed, the pair is Ready again.
   */
  ScenarioResult splitBrain() {
    String pair = "web";
    Topology.Pair p = lab.topology.pair(pair);
    String owner = lab.cloudOwner(pair).orElseThrow();
    Measure m = begin("split-brain", pair);
    long migrate0 = m.migrate0();
    Instant t0 = m.t0();
    lab.timeline.add(Timeline.Kind.LAB, null, "VRRP dropped between " + p.memberA() + " and " + p.memberB());
    lab.router().blockVrrp(p.memberA(), p.memberB());
    awaitOrFail("split-brain: both members MASTER and the pair in phase SplitBrain", Duration.ofSeconds(30),
        () -> lab.reportedMasters(pair).size() == 2 && lab.watch().status(pair).map(VipPairStatus::getPhase).orElse(null) == Phase.SplitBrain);
    Instant detected = Instant.now();
    // the partition lasts: nothing may move while it does
    holdFor(Duration.ofSeconds(8));
    Instant healAt = Instant.now();
    long migrationsDuringPartition = lab.cloudCalls().count("MigratePrivateIpAddress") - migrate0;
    long ownershipDuringPartition = lab.timeline.count(t0, e -> e.kind() == Timeline.Kind.OWNERSHIP && pair.equals(e.pair()));
    Optional<String> ownerDuring = lab.cloudOwner(pair);
    Duration outageDuringPartition = lab.prober(pair).outage(t0, healAt);
    lab.router().heal();
    m.event(Instant.now());
    lab.timeline.add(Timeline.Kind.LAB, null, "VRRP flows again");
    awaitOrFail("split-brain healed: pair Ready", FAILOVER_TIMEOUT, () -> lab.converged(pair));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("cloud owner before", owner);
    facts.put("cloud owner during the partition", ownerDuring.orElse("-"));
    facts.put("split brain detected after ms", Duration.between(t0, detected).toMillis());
    facts.put("migrations during the partition", migrationsDuringPartition);
    facts.put("VIP moves during the partition", ownershipDuringPartition);
    facts.put("ping outage during the partition ms", outageDuringPartition.toMillis());
    facts.put("healed, Ready after ms", Duration.between(healAt, end.minus(SETTLE)).toMillis());
    return result("split-brain", pair, t0, end, migrate0, null, facts);
  }

  /**
   * 6. The leading operator replica is SIGKILLed while a migration is in flight (the cloud takes
   * 6 s): the standby takes the leader Lease and finishes it from status, without a second
   * migration.
   */
  ScenarioResult leaderKilledMidMigration() {
    String pair = "web";
    InFlight f = migrationInFlight("leader-killed", pair);
    String leader = f.leader();
    String newMaster = f.newMaster();
    long migrate0 = f.measure().migrate0();
    Instant t0 = f.measure().t0();
    lab.killOperator(leader);
    Instant killedAt = Instant.now();
    lab.timeline.add(Timeline.Kind.LAB, null, "operator leader " + leader + " SIGKILLed with the migration in flight");
    awaitOrFail("leader-killed: another replica leads", Duration.ofSeconds(60),
        () -> lab.leader().filter(l -> !l.equals(leader)).isPresent());
    String newLeader = lab.leader().orElseThrow();
    Instant leaderAt = Instant.now();
    awaitOrFail("leader-killed: the new leader confirmed the migration (pair Ready on " + newMaster + ")", FAILOVER_TIMEOUT,
        () -> lab.converged(pair) && lab.cloudOwner(pair).equals(Optional.of(newMaster)));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("killed leader", leader);
    facts.put("new leader", newLeader);
    facts.put("new leader after ms", Duration.between(killedAt, leaderAt).toMillis());
    facts.put("migration confirmed after the kill ms", Duration.between(killedAt, end.minus(SETTLE)).toMillis());
    return result("leader-killed", pair, t0, end, migrate0, newMaster, facts);
  }

  /** 7. Throttled cloud (1 migration/s, 2 describes/s) answering 20 % of calls with InternalError during a failover. */
  ScenarioResult cloudFaults() {
    var faults = lab.cloud().faults();
    faults.rateLimit("MigratePrivateIpAddress", 1).rateLimit("DescribeNetworkInterfaces", 2).rateLimit("DescribeVpcTaskResult", 2);
    for (String action : List.of("MigratePrivateIpAddress", "DescribeNetworkInterfaces", "DescribeVpcTaskResult")) {
      faults.error(action, "InternalError", 0.2);
    }
    long describe0 = lab.cloudCalls().count("DescribeNetworkInterfaces");
    ScenarioResult r = failover("cloud-faults", "web", master -> lab.signalKeepalived(master, "TERM"),
        Map.of("faults", "rate limits 1/s Migrate, 2/s Describe*; 20 % InternalError on each"));
    r.facts().put("DescribeNetworkInterfaces requests", lab.cloudCalls().count("DescribeNetworkInterfaces") - describe0);
    faults.clear();
    return r;
  }

  /**
   * 8. The CVMs lose the API server (TCP to its port dropped in the router) for the given time.
   * keepalived and the VIPs must not be touched; a change made meanwhile (the web backup's
   * service stops) is reported once the API server is back.
   */
  ScenarioResult apiUnreachable(Duration outage) {
    String pair = "web";
    String master = currentMaster(pair);
    String backup = lab.topology.pair(pair).peerOf(master);
    Map<String, List<Long>> keepalivedBefore = new LinkedHashMap<>();
    lab.topology.cvms().forEach(c -> keepalivedBefore.put(c.name(), NetnsProcesses.keepalived(lab.topology.cvmNs(c.name()))));
    Map<String, List<String>> holdersBefore = new LinkedHashMap<>();
    lab.topology.pairs().forEach(p -> holdersBefore.put(p.name(), lab.vipHolders(p.name())));
    Measure m = begin("api-unreachable", pair).agreeOnly(pair);
    long migrate0 = m.migrate0();
    Instant t0 = m.t0();
    lab.timeline.add(Timeline.Kind.LAB, null, "API server unreachable from the CVMs for " + outage.toSeconds() + " s");
    lab.router().blockApi(lab.api().port());
    lab.stopService(backup);
    lab.timeline.add(Timeline.Kind.LAB, pair, "service on " + backup + " (backup) stopped during the outage");
    holdFor(outage);
    Map<String, List<Long>> keepalivedAfter = new LinkedHashMap<>();
    lab.topology.cvms().forEach(c -> keepalivedAfter.put(c.name(), NetnsProcesses.keepalived(lab.topology.cvmNs(c.name()))));
    Map<String, List<String>> holdersAfter = new LinkedHashMap<>();
    lab.topology.pairs().forEach(p -> holdersAfter.put(p.name(), lab.vipHolders(p.name())));
    Instant healAt = Instant.now();
    Map<String, Long> outagesMs = new LinkedHashMap<>();
    lab.topology.pairs().forEach(p -> outagesMs.put(p.name(), lab.prober(p.name()).outage(t0, healAt).toMillis()));
    long worstOutageMs = outagesMs.values().stream().mapToLong(Long::longValue).max().orElse(0);
    lab.router().heal();
    m.event(Instant.now());
    lab.timeline.add(Timeline.Kind.LAB, null, "API server reachable again");
    awaitOrFail("api-unreachable: " + backup + "'s unhealthy state reported after the API server returned", Duration.ofSeconds(60),
        () -> lab.watch().report(pair, backup).map(r -> Boolean.FALSE.equals(r.getHealthy()) && reportedAfter(r, healAt)).orElse(false));
    Instant reported = Instant.now();
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("outage length s", outage.toSeconds());
    facts.put("keepalived pids unchanged", keepalivedBefore.equals(keepalivedAfter));
    facts.put("VIP holders unchanged", holdersBefore.equals(holdersAfter));
    facts.put("worst ping outage of any pair during the API outage ms", worstOutageMs);
    facts.put("ping outage per pair during the API outage ms", outagesMs);
    facts.put("VIP holders before / after", holdersBefore + " / " + holdersAfter);
    facts.put("backup's state reported after the API returned ms", Duration.between(healAt, reported).toMillis());
    facts.put("keepalived pids", keepalivedAfter);
    return result("api-unreachable", pair, t0, end, migrate0, null, facts);
  }

  /**
   * 9. Policy Preferred (db prefers cvm-a, preempt delay 5 s): cvm-a's keepalived stops, cvm-b
   * takes over; when cvm-a is back it takes the VIP again after the preempt delay, exactly once.
   */
  ScenarioResult preferredReturns() {
    String pair = "db";
    Topology.Pair p = lab.topology.pair(pair);
    String preferred = p.preferred();
    String other = p.peerOf(preferred);
    awaitOrFail("preferred-return: " + preferred + " is db's master before the scenario", FAILOVER_TIMEOUT,
        () -> lab.converged(pair) && lab.reportedMasters(pair).equals(List.of(preferred)));
    Measure m = begin("preferred-return", pair);
    long migrate0 = m.migrate0();
    Instant t0 = m.t0();
    lab.signalKeepalived(preferred, "TERM");
    awaitOrFail("preferred-return: " + other + " took over", FAILOVER_TIMEOUT,
        () -> lab.cloudOwner(pair).equals(Optional.of(other)) && lab.prober(pair).answering());
    awaitOrFail("preferred-return: " + preferred + "'s keepalived is back (BACKUP)", FAILOVER_TIMEOUT,
        () -> lab.watch().report(pair, preferred).map(r -> r.getRole() == VrrpRole.BACKUP).orElse(false));
    Instant back = lab.watch().report(pair, preferred).map(r -> Instant.parse(r.getSince())).orElse(Instant.now());
    awaitOrFail("preferred-return: " + preferred + " took the VIP back", FAILOVER_TIMEOUT,
        () -> lab.converged(pair) && lab.cloudOwner(pair).equals(Optional.of(preferred)));
    Instant tookBack = lab.watch().report(pair, preferred).map(r -> Instant.parse(r.getSince())).orElse(Instant.now());
    // no flapping: nothing moves for a while after the switch back
    holdFor(Duration.ofSeconds(p.preemptDelaySeconds() + 3));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("preempt delay s", p.preemptDelaySeconds());
    facts.put("back as BACKUP -> MASTER again ms", Duration.between(back, tookBack).toMillis());
    facts.put("switches back to " + preferred, lab.timeline.count(t0, e -> e.kind() == Timeline.Kind.OWNERSHIP
        && pair.equals(e.pair()) && e.text().contains(" " + preferred + "'s ENI")));
    return result("preferred-return", pair, t0, end, migrate0, null, facts);
  }

  /** 30 s as the issue asks; tests may shorten it with -Dvippair.lab.apiOutageSeconds. */
  static Duration apiOutage() {
    return Duration.ofSeconds(Long.getLong("vippair.lab.apiOutageSeconds", 30));
  }

  /** The lab the scenarios need: with the HAVIP pair only when an HAVIP scenario runs. */
  static Topology topologyFor(java.util.Collection<String> names) {
    return names.stream().anyMatch(HaVipScenarios.NAMES::contains) ? Topology.withHaVip() : Topology.standard();
  }

  /** `scenario NAME|all` from the command line: one lab, a reset before each scenario, results printed. */
  static int runFromCommandLine(LabOptions options, String which) {
    List<String> names = "all".equals(which) ? NAMES : List.of(which);
    if (!"all".equals(which) && !NAMES.contains(which)) {
      throw new LabException("no scenario '" + which + "'; scenarios: " + String.join(", ", NAMES) + ", or all");
    }
    int failed = 0;
    ResultsTsv tsv = ResultsTsv.defaultFile();
    try (Lab lab = Lab.start(topologyFor(names), options)) {
      Scenarios scenarios = new Scenarios(lab, tsv);
      for (String name : names) {
        lab.reset();
        try {
          System.out.println(scenarios.run(name).render());
        } catch (LabException e) {
          failed++;
          System.out.println("=== scenario " + name + " FAILED: " + e.getMessage());
        }
      }
    }
    System.out.println("results appended to " + tsv.file());
    return failed == 0 ? 0 : 1;
  }
}
