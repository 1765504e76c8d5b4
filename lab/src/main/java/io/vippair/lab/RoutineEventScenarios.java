package io.vippair.lab;

import io.fabric8.kubernetes.api.model.Condition;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Events that happen every week in a fleet and must not cost availability (issue 11): agent
 * restarts and upgrades, an API server outage on one VM, a duplicated manifest, a hanging cloud
 * call, an operator hand-over, a crash-looping keepalived. Each ends with every pair Ready, its
 * master the cloud's owner and the VIPs answering, or fails; the targets are asserted by the test.
 */
final class RoutineEventScenarios extends ScenarioBase {
  static final List<String> NAMES = List.of("agent-restart", "agent-upgrade", "agent-restart-then-partition",
      "api-outage-then-kill", "duplicate-vip", "cloud-hang", "leader-sigterm", "flapping");
  /** How long the master's VM loses the API server in api-outage-then-kill (the 30 s). */
  static final Duration API_OUTAGE = Duration.ofSeconds(30);
  /** When keepalived is killed in that outage: 20 s in, leaving 10 s in which only the VM's own agent can restart it. */
  static final Duration KILL_INTO_OUTAGE = Duration.ofSeconds(20);
  static final Duration PARTITION = Duration.ofSeconds(15);
  static final Duration CLOUD_HANG = Duration.ofSeconds(20);
  /** Long enough for a resync period of the lab's operators (30 s) to pass with both pairs present. */
  static final Duration DUPLICATE_HELD = Duration.ofSeconds(35);
  static final int FLAPS = 5;
  static final Duration FLAP_EVERY = Duration.ofSeconds(4);
  /** After a restart, how long the lab waits for the operator to do something it should not before it looks. */
  static final Duration AFTER_RESTART_WATCH = Duration.ofSeconds(5);
  /** A VipPair copied from web with a new name and VRID (the same VIP, the same members). */
  static final String DUPLICATE = "shop";

  RoutineEventScenarios(Lab lab, Measure.Holder measures) {
    super(lab, measures);
  }

  ScenarioResult run(String name) {
    return switch (name) {
      case "agent-restart" -> agentRestart("agent-restart", false);
      case "agent-upgrade" -> agentRestart("agent-upgrade", true);
      case "agent-restart-then-partition" -> agentRestartThenPartition();
      case "api-outage-then-kill" -> apiOutageThenKill();
      case "duplicate-vip" -> duplicateVip();
      case "cloud-hang" -> cloudHang();
      case "leader-sigterm" -> leaderSigterm();
      case "flapping" -> flapping();
      default -> throw new LabException("no scenario '" + name + "'; scenarios: " + String.join(", ", NAMES));
    };
  }

  /**
   * agent-restart: SIGKILL to the agent on web's master, then started again at once.
   * agent-upgrade: the agent stopped as its systemd unit stops it (SIGTERM to the agent only),
   * its jar replaced by a copy, started again. Neither may change a VRRP state or move a VIP; the
   * new agent reports every pair's role within 1 s of its start.
   */
  ScenarioResult agentRestart(String name, boolean upgrade) {
    String pair = "web";
    String cvm = currentMaster(pair);
    List<Topology.Pair> itsPairs = pairsOf(cvm);
    Map<String, VrrpRole> truth = keepalivedRoles(cvm, itsPairs);
    Map<String, Optional<KeepalivedDump.Snapshot>> before = dumps(itsPairs);
    Measure m = begin(name, pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("agent restarted on", cvm + " (" + pair + "'s master)");
    if (upgrade) {
      facts.put("old agent exited on SIGTERM", lab.stopAgent(cvm));
      lab.installAgentJar();
      lab.timeline.add(Timeline.Kind.LAB, null, "agent jar replaced by a new copy");
    } else {
      lab.killAgent(cvm);
    }
    Instant started = restartAgent(cvm);
    Instant reported = awaitRolesReported(name, cvm, truth, started);
    facts.put("roles reported after the agent's start ms", Duration.between(started, reported).toMillis());
    facts.put("the new agent says", agentStartLine(cvm));
    holdFor(AFTER_RESTART_WATCH);
    Instant end = settle(pair);
    putQuietFacts(facts, m, itsPairs, before, end);
    return result(name, pair, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * agent-restart, then VRRP between web's two VMs blocked for 15 s, then healed. Nothing may
   * move during the partition (both claim MASTER: a split brain, the VIP stays where the cloud
   * has it); after the heal every pair converges within 10 s.
   */
  ScenarioResult agentRestartThenPartition() {
    String pair = "web";
    Topology.Pair p = lab.topology.pair(pair);
    String cvm = currentMaster(pair);
    Measure m = begin("agent-restart-then-partition", pair);
    lab.killAgent(cvm);
    Instant started = restartAgent(cvm);
    awaitOrFail("the restarted agent on " + cvm + " running", Duration.ofSeconds(30),
        () -> lab.agent(cvm).map(a -> a.logged("agent running")).orElse(false));
    // the restart target's own second, so that the partition meets the agent as a user's would
    holdFor(Duration.ofMillis(Math.max(0, 1000 - Duration.between(started, Instant.now()).toMillis())));
    long migrateBefore = lab.cloudCalls().count("MigratePrivateIpAddress");
    Instant partitionAt = Instant.now();
    lab.timeline.add(Timeline.Kind.LAB, null, "VRRP dropped between " + p.memberA() + " and " + p.memberB() + " for "
        + PARTITION.toSeconds() + " s");
    lab.router().blockVrrp(p.memberA(), p.memberB());
    holdFor(PARTITION);
    Instant healAt = Instant.now();
    long movesDuring = movesBetween(partitionAt, healAt, null);
    long migratesDuring = lab.cloudCalls().count("MigratePrivateIpAddress") - migrateBefore;
    Duration outageDuring = lab.prober(pair).outage(partitionAt, healAt);
    lab.router().heal();
    m.event(healAt);
    lab.timeline.add(Timeline.Kind.LAB, null, "VRRP flows again");
    awaitOrFail("agent-restart-then-partition: " + pair + " Ready after the heal", FAILOVER_TIMEOUT, () -> lab.converged(pair));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("agent restarted on", cvm);
    facts.put("VIP moves during the partition (all pairs)", movesDuring);
    facts.put("MigratePrivateIpAddress requests during the partition", migratesDuring);
    facts.put("ping outage during the partition ms", outageDuring.toMillis());
    facts.put("the restarted agent said", agentSaid(cvm, 8, "ConfigInstaller", "the API server lists", "Agent - lab/"));
    return result("agent-restart-then-partition", pair, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * web's master loses only the API server for 30 s; 20 s into that, its keepalived is SIGKILLed.
   * Its agent must run keepalived again within 2 s (without the API server), and its reports
   * reach the API server within 2 s of its return.
   */
  ScenarioResult apiOutageThenKill() {
    String pair = "web";
    String cvm = currentMaster(pair);
    String ns = lab.topology.cvmNs(cvm);
    Measure m = begin("api-outage-then-kill", pair);
    lab.timeline.add(Timeline.Kind.LAB, null, cvm + " loses the API server (only it) for " + API_OUTAGE.toSeconds() + " s");
    lab.router().blockApiFrom(cvm, lab.api().port());
    holdFor(KILL_INTO_OUTAGE);
    List<Long> killed = lab.signalKeepalived(cvm, "KILL");
    Instant killAt = Instant.now();
    m.event(killAt);
    // the outage keeps its length whatever the agent does; keepalived's return is timed, not awaited
    Optional<Instant> runningAgain = pollUntil(m.t0().plus(API_OUTAGE), () -> keepalivedReplaced(ns, killed));
    holdFor(Duration.between(Instant.now(), m.t0().plus(API_OUTAGE)));
    // taken before the heal: the first report can get through while the heal's commands still run.
    // A report counts when the API server shows a different one than before the heal (its reportedAt
    // may be older than the heal: the agent stamps it when it starts the attempt that gets through).
    Instant backAt = Instant.now();
    Optional<String> lastBefore = lab.watch().report(pair, cvm).map(AgentReport::getReportedAt);
    lab.router().heal();
    lab.timeline.add(Timeline.Kind.LAB, null, "the API server reachable from " + cvm + " again");
    if (runningAgain.isEmpty()) {
      awaitOrFail("api-outage-then-kill: keepalived running again on " + cvm + " after the API server's return", FAILOVER_TIMEOUT,
          () -> keepalivedReplaced(ns, killed));
    }
    Instant keepalivedBack = runningAgain.orElseGet(Instant::now);
    AtomicReference<Instant> reportedAt = new AtomicReference<>();
    awaitOrFail("api-outage-then-kill: " + cvm + "'s reports reach the API server again", FAILOVER_TIMEOUT,
        () -> {
          Optional<String> now = lab.watch().report(pair, cvm).map(AgentReport::getReportedAt);
          if (now.isPresent() && !now.equals(lastBefore)) {
            reportedAt.compareAndSet(null, Instant.now()); // when the lab saw it: a bound from above
            return true;
          }
          return false;
        });
    awaitOrFail("api-outage-then-kill: " + pair + " converged", FAILOVER_TIMEOUT, () -> lab.converged(pair));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("VM cut off from the API server", cvm);
    facts.put("keepalived running again after the kill ms", Duration.between(killAt, keepalivedBack).toMillis());
    facts.put("reports through after the API server's return ms", Duration.between(backAt, reportedAt.get()).toMillis());
    facts.put("its agent said", agentSaid(cvm, 8, "ChildKeepalived", "LeaseKeeper", "StatusReporter"));
    return result("api-outage-then-kill", pair, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * A copy of web's manifest with a new name and VRID (the same VIP) is applied. The first pair
   * keeps the VIP: nothing moves for as long as both exist (longer than a resync period), and
   * both pairs' status names the other. The copy is then deleted (it must be deletable).
   */
  ScenarioResult duplicateVip() {
    String pair = "web";
    Topology.Pair web = lab.topology.pair(pair);
    currentMaster(pair);
    int vrid = lab.topology.pairs().stream().mapToInt(Topology.Pair::vrid).max().orElse(50) + 1;
    Topology.Pair copy = new Topology.Pair(DUPLICATE, web.vip(), web.memberA(), web.memberB(), vrid, web.policy(),
        web.preferred(), web.preemptDelaySeconds(), web.healthPort());
    Measure m = begin("duplicate-vip", pair);
    lab.createExtraPair(copy);
    Instant appliedAt = Instant.now();
    AtomicReference<Instant> explained = new AtomicReference<>();
    Pattern namesWeb = Pattern.compile("\\b" + Pattern.quote(pair) + "\\b");
    Pattern namesCopy = Pattern.compile("\\b" + Pattern.quote(DUPLICATE) + "\\b");
    pollUntil(appliedAt.plus(DUPLICATE_HELD), () -> conditionNames(pair, namesCopy) && conditionNames(DUPLICATE, namesWeb))
        .ifPresent(explained::set);
    holdFor(Duration.between(Instant.now(), appliedAt.plus(DUPLICATE_HELD)));
    Instant heldUntil = Instant.now();
    var facts = new LinkedHashMap<String, Object>();
    facts.put("second pair", DUPLICATE + " (VRID " + vrid + ", VIP " + web.vip() + ")");
    facts.put("VIP moves while both existed", movesBetween(appliedAt, heldUntil, pair));
    facts.put("both statuses say why after ms", explained.get() == null ? -1 : Duration.between(appliedAt, explained.get()).toMillis());
    facts.put(pair + " conditions", conditions(pair));
    facts.put(DUPLICATE + " conditions", conditions(DUPLICATE));
    facts.put(pair + " phase while both existed", lab.watch().status(pair).map(VipPairStatus::getPhase).orElse(null));
    facts.put(DUPLICATE + " phase", lab.watch().status(DUPLICATE).map(VipPairStatus::getPhase).orElse(null));
    lab.deleteExtraPair(DUPLICATE, FAILOVER_TIMEOUT);
    awaitOrFail("duplicate-vip: " + pair + " converged", FAILOVER_TIMEOUT, () -> lab.converged(pair));
    Instant end = settle(pair);
    facts.put("VIP moves in all", movesBetween(appliedAt, end, pair));
    return result("duplicate-vip", pair, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * MigratePrivateIpAddress hangs (the emulator never answers) for 20 s while web fails over
   * gracefully. The status must show the new master within 1 s of its report, whatever the
   * cloud does; once the cloud answers again the VIP moves.
   */
  ScenarioResult cloudHang() {
    String pair = "web";
    String oldMaster = currentMaster(pair);
    String newMaster = lab.topology.pair(pair).peerOf(oldMaster);
    Measure m = begin("cloud-hang", pair);
    lab.cloud().faults().hang("MigratePrivateIpAddress", true);
    lab.timeline.add(Timeline.Kind.LAB, null, "MigratePrivateIpAddress hangs for " + CLOUD_HANG.toSeconds() + " s");
    lab.signalKeepalived(oldMaster, "TERM");
    AtomicReference<Instant> reportAt = new AtomicReference<>();
    awaitOrFail("cloud-hang: " + newMaster + " reported MASTER", FAILOVER_TIMEOUT, () -> {
      Optional<AgentReport> r = lab.watch().report(pair, newMaster);
      if (r.isPresent() && r.get().getRole() == VrrpRole.MASTER && reportedAfter(r.get(), m.t0())) {
        reportAt.compareAndSet(null, Instant.parse(r.get().getReportedAt()));
        return true;
      }
      return false;
    });
    java.util.concurrent.Callable<Boolean> shown = () -> lab.watch().status(pair).map(s -> newMaster.equals(s.getMaster())).orElse(false);
    Optional<Instant> shownAt = pollUntil(m.t0().plus(CLOUD_HANG), shown);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("status while the call hangs", lab.watch().status(pair).map(s -> "phase " + s.getPhase() + ", master " + s.getMaster()
        + ", cloud owner " + s.getCloudOwner()).orElse("-") + "; conditions " + conditions(pair));
    holdFor(Duration.between(Instant.now(), m.t0().plus(CLOUD_HANG)));
    lab.cloud().faults().hang("MigratePrivateIpAddress", false);
    lab.timeline.add(Timeline.Kind.LAB, null, "MigratePrivateIpAddress answers again");
    if (shownAt.isEmpty()) {
      awaitOrFail("cloud-hang: the status shows " + newMaster + " as master", FAILOVER_TIMEOUT, shown);
    }
    facts.put("status shows the new master after its report ms",
        Duration.between(reportAt.get(), shownAt.orElseGet(Instant::now)).toMillis());
    awaitOrFail("cloud-hang: " + newMaster + " owns the VIP", FAILOVER_TIMEOUT,
        () -> lab.converged(pair) && lab.cloudOwner(pair).equals(Optional.of(newMaster)));
    Instant end = settle(pair);
    facts.put("old master", oldMaster);
    facts.put("new master", newMaster);
    return result("cloud-hang", pair, m.t0(), end, m.migrate0(), newMaster, facts);
  }

  /**
   * SIGTERM to the leading operator replica while a migration is in flight (the cloud takes 6 s):
   * it should release its Lease and exit; the standby leads within 2 s and finishes the move.
   */
  ScenarioResult leaderSigterm() {
    String pair = "web";
    InFlight f = migrationInFlight("leader-sigterm", pair);
    String leader = f.leader();
    String newMaster = f.newMaster();
    Measure m = f.measure();
    AtomicReference<Instant> exitedAt = new AtomicReference<>();
    ChildProcess old = lab.terminateOperator(leader);
    Instant termAt = Instant.now();
    old.onExit().thenRun(() -> exitedAt.compareAndSet(null, Instant.now()));
    AtomicReference<Instant> leadAt = new AtomicReference<>();
    awaitOrFail("leader-sigterm: another replica leads", FAILOVER_TIMEOUT, () -> {
      boolean other = lab.leader().filter(l -> !l.equals(leader)).isPresent();
      if (other) {
        leadAt.compareAndSet(null, Instant.now());
      }
      return other;
    });
    boolean exited = old.awaitExit(Duration.ofSeconds(15));
    if (!exited) {
      lab.timeline.add(Timeline.Kind.LAB, null, "operator replica " + leader + " still running 15 s after SIGTERM: SIGKILL");
      lab.killOperator(leader);
    }
    lab.operatorGone(leader);
    awaitOrFail("leader-sigterm: the new leader finished the migration (pair Ready on " + newMaster + ")", FAILOVER_TIMEOUT,
        () -> lab.converged(pair) && lab.cloudOwner(pair).equals(Optional.of(newMaster)));
    Instant end = settle(pair);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("terminated leader", leader);
    facts.put("new leader", lab.leader().orElse("-"));
    facts.put("old leader exited by itself", exited);
    facts.put("old leader exited after SIGTERM ms", exitedAt.get() == null || !exited ? -1 : Duration.between(termAt, exitedAt.get()).toMillis());
    facts.put("standby leads after SIGTERM ms", Duration.between(termAt, leadAt.get()).toMillis());
    facts.put("standby leads after the old leader exited ms", !exited || exitedAt.get() == null ? -1
        : Math.max(0, Duration.between(exitedAt.get(), leadAt.get()).toMillis()));
    return result("leader-sigterm", pair, m.t0(), end, m.migrate0(), newMaster, facts);
  }

  /**
   * The keepalived of web's master VM is SIGKILLed 5 times, every 4 s (or as soon as its agent has
   * it running again). The VIP may move at most once per master change that settled (a sole master
   * that kept the role for 2 adverts and a migration), in every pair of that VM.
   */
  ScenarioResult flapping() {
    String pair = "web";
    String cvm = currentMaster(pair);
    String ns = lab.topology.cvmNs(cvm);
    List<Topology.Pair> itsPairs = pairsOf(cvm);
    Measure m = begin("flapping", pair);
    List<Long> killOffsets = new ArrayList<>();
    List<Long> killed = List.of();
    for (int i = 0; i < FLAPS; i++) {
      Instant slot = m.t0().plus(FLAP_EVERY.multipliedBy(i));
      holdFor(Duration.between(Instant.now(), slot));
      List<Long> before = killed;
      awaitOrFail("flapping: keepalived running on " + cvm + " for kill " + (i + 1), FAILOVER_TIMEOUT,
          () -> keepalivedReplaced(ns, before));
      killed = lab.signalKeepalived(cvm, "KILL");
      killOffsets.add(Duration.between(m.t0(), Instant.now()).toMillis());
    }
    m.event(Instant.now());
    List<Long> last = killed;
    awaitOrFail("flapping: keepalived running on " + cvm + " after the last kill", FAILOVER_TIMEOUT, () -> keepalivedReplaced(ns, last));
    // settled: both members of each pair in MASTER or BACKUP again, a Preferred pair back on its preferred member
    for (Topology.Pair p : itsPairs) {
      awaitOrFail("flapping: " + p.name() + " settled", FAILOVER_TIMEOUT, () -> lab.converged(p.name())
          && p.members().stream().allMatch(x -> lab.watch().report(p.name(), x)
              .map(r -> r.getRole() == VrrpRole.MASTER || r.getRole() == VrrpRole.BACKUP).orElse(false))
          && (p.preferred() == null || lab.reportedMasters(p.name()).equals(List.of(p.preferred()))));
    }
    Instant end = settle(pair);
    Duration settled = Duration.ofMillis(2L * lab.options.advertIntervalMillis()).plus(lab.options.migrationDelay());
    var facts = new LinkedHashMap<String, Object>();
    facts.put("keepalived killed on", cvm);
    facts.put("kills at ms", killOffsets);
    facts.put("a master change settled when it lasted ms", settled.toMillis());
    Map<String, String> perPair = new LinkedHashMap<>();
    boolean within = true;
    for (Topology.Pair p : itsPairs) {
      var masters = VrrpTransitions.masters(lab.watch().roles(), p.name(), m.t0(), end);
      long changes = VrrpTransitions.settledChanges(masters, end, settled);
      long moves = movesBetween(m.t0(), end, p.name());
      within &= moves <= changes;
      perPair.put(p.name(), moves + " moves, " + changes + " settled master changes (masters: "
          + masters.stream().map(x -> Duration.between(m.t0(), x.from()).toMillis() + "ms " + x.master()).toList() + ")");
    }
    facts.put("per pair", perPair);
    facts.put("at most one move per settled master change", within);
    return result("flapping", pair, m.t0(), end, m.migrate0(), null, facts);
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** keepalived runs in the namespace, and none of its processes is one of those killed (a killed one may linger a moment). */
  private static boolean keepalivedReplaced(String ns, List<Long> killed) {
    List<Long> now = NetnsProcesses.keepalived(ns);
    return !now.isEmpty() && now.stream().noneMatch(killed::contains);
  }

  /** Polls every 20 ms until the condition holds (when it did) or the deadline passes (empty): a measurement, not a failure. */
  private static Optional<Instant> pollUntil(Instant deadline, java.util.concurrent.Callable<Boolean> condition) {
    while (true) {
      try {
        if (condition.call()) {
          return Optional.of(Instant.now());
        }
      } catch (Exception e) {
        // not yet
      }
      if (!Instant.now().isBefore(deadline)) {
        return Optional.empty();
      }
      holdFor(Duration.ofMillis(20));
    }
  }

  private List<Topology.Pair> pairsOf(String cvm) {
    return lab.topology.pairs().stream().filter(p -> p.has(cvm)).toList();
  }

  private Instant restartAgent(String cvm) {
    lab.startAgent(cvm);
    Instant started = lab.agent(cvm).orElseThrow().startedAt();
    lab.timeline.add(started, Timeline.Kind.LAB, null, "agent on " + cvm + " started again");
    return started;
  }

  /** What keepalived on the CVM is for each of its pairs, from the kernel: MASTER holds the VIP. */
  private Map<String, VrrpRole> keepalivedRoles(String cvm, List<Topology.Pair> pairs) {
    Map<String, VrrpRole> roles = new LinkedHashMap<>();
    pairs.forEach(p -> roles.put(p.name(), lab.vipHolders(p.name()).contains(cvm) ? VrrpRole.MASTER : VrrpRole.BACKUP));
    return roles;
  }

  /** Waits until the restarted agent has reported, for every pair, the role keepalived really has; returns the last reportedAt. */
  private Instant awaitRolesReported(String name, String cvm, Map<String, VrrpRole> truth, Instant started) {
    AtomicReference<Instant> last = new AtomicReference<>();
    awaitOrFail(name + ": the new agent on " + cvm + " reported " + truth, Duration.ofSeconds(10), () -> {
      Instant latest = started;
      for (var e : truth.entrySet()) {
        Optional<AgentReport> r = lab.watch().report(e.getKey(), cvm);
        if (r.isEmpty() || r.get().getRole() != e.getValue() || !reportedAfter(r.get(), started)) {
          return false;
        }
        Instant at = Instant.parse(r.get().getReportedAt());
        latest = at.isAfter(latest) ? at : latest;
      }
      last.set(latest);
      return true;
    });
    return last.get();
  }

  /** The agent's own account of its start-up ("agent running N ms after main() (JVM up M ms)"). */
  /**
   * The agent's last log lines that contain any of the words (its own lines, not keepalived's):
   * put into the facts so that a failed target's message shows what the agent did, even where
   * only the end of a CI log is kept.
   */
  private String agentSaid(String cvm, int lines, String... words) {
    List<String> said = lab.agent(cvm).map(ChildProcess::tail).orElse(List.of()).stream()
        .filter(l -> l.contains("] ") && java.util.Arrays.stream(words).anyMatch(l::contains)).toList();
    return String.join(" | ", said.subList(Math.max(0, said.size() - lines), said.size()));
  }

  private String agentStartLine(String cvm) {
    return lab.agent(cvm).flatMap(a -> a.tail().stream().filter(l -> l.contains("agent running")).findFirst())
        .map(l -> l.substring(l.indexOf("agent running"))).orElse("-");
  }

  /** keepalived's own state of both members of each pair (see {@link KeepalivedDump}). */
  private Map<String, Optional<KeepalivedDump.Snapshot>> dumps(List<Topology.Pair> pairs) {
    Map<String, Optional<KeepalivedDump.Snapshot>> out = new LinkedHashMap<>();
    pairs.stream().flatMap(p -> p.members().stream()).distinct()
        .forEach(c -> out.put(c, KeepalivedDump.take(lab.topology.cvmNs(c), lab.topology.cvm(c).ip())));
    return out;
  }

  /** The facts that prove an agent restart was invisible, and keepalived's own count for the measure. */
  private void putQuietFacts(Map<String, Object> facts, Measure m, List<Topology.Pair> pairs,
      Map<String, Optional<KeepalivedDump.Snapshot>> before, Instant end) {
    Map<String, Optional<KeepalivedDump.Snapshot>> after = dumps(pairs);
    Map<String, Long> keepalivedSays = new LinkedHashMap<>();
    Map<String, Long> reported = new LinkedHashMap<>();
    Map<String, Long> moves = new LinkedHashMap<>();
    Map<String, Long> outages = new LinkedHashMap<>();
    for (Topology.Pair p : pairs) {
      long n = p.members().stream().mapToLong(c -> KeepalivedDump.changed(before.get(c), after.get(c), List.of(p.vrid()))).sum();
      keepalivedSays.put(p.name(), n);
      reported.put(p.name(), VrrpTransitions.count(lab.watch().roles(), p.name(), m.t0(), end));
      moves.put(p.name(), movesBetween(m.t0(), end, p.name()));
      outages.put(p.name(), lab.prober(p.name()).outage(m.t0(), end).toMillis());
    }
    m.keepalivedTransitions(keepalivedSays.getOrDefault(m.pair(), 0L));
    facts.put("VRRP transitions per pair, keepalived's own dump", keepalivedSays);
    facts.put("VRRP transitions per pair, as reported", reported);
    facts.put("VIP moves per pair", moves);
    facts.put("ping outage per pair ms", outages);
    facts.put("keepalived main pids before / after", before.values().stream().map(s -> s.map(KeepalivedDump.Snapshot::mainPid).orElse(-1L)).toList()
        + " / " + after.values().stream().map(s -> s.map(KeepalivedDump.Snapshot::mainPid).orElse(-1L)).toList());
  }

  /** Ownership changes of one pair's VIP (all pairs when null) between two instants. */
  private long movesBetween(Instant from, Instant to, String pair) {
    return lab.timeline.since(from).stream()
        .filter(e -> e.kind() == Timeline.Kind.OWNERSHIP && !e.at().isAfter(to) && (pair == null || pair.equals(e.pair())))
        .count();
  }

  private boolean conditionNames(String pair, Pattern other) {
    return lab.watch().status(pair).map(s -> s.getConditions().stream()
        .anyMatch(c -> c.getMessage() != null && other.matcher(c.getMessage()).find())).orElse(false);
  }

  private List<String> conditions(String pair) {
    return lab.watch().status(pair).map(s -> s.getConditions().stream()
        .map((Condition c) -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ": " + c.getMessage() + ")").toList())
        .orElse(List.of());
  }
}
