package io.vippair.lab;

import io.vippair.api.v1alpha1.VrrpRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench}: issue 12's failover floor. Runs each failover scenario N times on the bench
 * layout ({@link Topology#bench()}) and writes {@code lab/target/lab-bench.tsv}, one line per
 * scenario: how close the outage comes to the floor that keepalived and the cloud set. The
 * one-VIP scenarios reuse {@link Scenarios}' own; {@link BenchScenarios} adds shared-enis and
 * leader-dies-then-poweroff.
 */
final class Bench {
  static final String HEADER = String.join("\t", "scenario", "advert_ms", "migration_delay_ms", "runs", "floor_ms",
      "outage_p50_ms", "outage_max_ms", "vippair_p50_ms", "vip_moves", "migrate_requests");
  static final List<String> SCENARIOS = List.of("poweroff", "keepalived-kill", "graceful-stop", "shared-enis",
      "leader-dies-then-poweroff", "shared-enis-batched");

  private Bench() {}

  /**
   * keepalived's master-down time for the scenario plus the cloud's move D. A silent master
   * (power-off, SIGKILL) costs the full master-down interval, 3 adverts plus the skew
   * (256 − priority) / 256 adverts (VRRPv3, RFC 5798 6.1); the bench's pairs are Equal, priority
   * 100. A goodbye (SIGTERM: priority 0) makes the backup take over after the skew alone, not at
   * once (RFC 5798 6.4.2: Master_Down_Timer set to Skew_Time), so that is graceful-stop's share.
   */
  static long floorMillis(String scenario, int advertMs, long migrationDelayMs) {
    double skew = (256.0 - 100) / 256 * advertMs;
    boolean goodbye = scenario.equals("graceful-stop") || scenario.startsWith("shared-enis");
    return Math.round(goodbye ? skew : 3 * advertMs + skew) + migrationDelayMs;
  }

  /** One scenario's runs, summarised as a line of the bench file. */
  record Summary(String scenario, int advertMs, long delayMs, List<ScenarioResult> runs) {
    String row() {
      List<Long> outages = runs.stream().map(r -> r.outage().toMillis()).sorted().toList();
      List<Long> vippair = runs.stream().map(ScenarioResult::vippairMillis).filter(v -> v >= 0).sorted().toList();
      long moves = runs.stream().mapToLong(ScenarioResult::ownershipChanges).max().orElse(-1);
      long migrates = runs.stream().mapToLong(ScenarioResult::migrateRequests).max().orElse(-1);
      return String.join("\t", scenario, Long.toString(advertMs), Long.toString(delayMs), Integer.toString(runs.size()),
          Long.toString(floorMillis(scenario, advertMs, delayMs)), Long.toString(p50(outages)),
          Long.toString(outages.isEmpty() ? -1 : outages.get(outages.size() - 1)), Long.toString(p50(vippair)),
          Long.toString(moves), Long.toString(migrates));
    }
  }

  static long p50(List<Long> sorted) {
    return sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
  }

  /** {@code --scenarios a,b}: bench scenario names, comma-separated, run in the order given. */
  static List<String> parseScenarios(String csv) {
    List<String> names = java.util.Arrays.stream(csv.split(",")).map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
    if (names.isEmpty()) {
      throw new LabSetupException("--scenarios '" + csv + "': name at least one of " + String.join(", ", SCENARIOS));
    }
    for (String n : names) {
      if (!SCENARIOS.contains(n)) {
        throw new LabSetupException("--scenarios: no bench scenario '" + n + "'; bench scenarios: " + String.join(", ", SCENARIOS));
      }
    }
    return names;
  }

  static int run(LabOptions options, int repeat) {
    return run(options, repeat, SCENARIOS);
  }

  static int run(LabOptions options, int repeat, List<String> scenarios) {
    Path file = benchFile();
    List<Summary> summaries = new ArrayList<>();
    int failed = 0;
    try (Lab lab = Lab.start(Topology.bench(), options)) {
      Scenarios base = new Scenarios(lab, new ResultsTsv(file.resolveSibling("lab-bench-runs.tsv")));
      BenchScenarios bench = new BenchScenarios(lab);
      for (String name : scenarios) {
        List<ScenarioResult> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
          lab.reset();
          try {
            ScenarioResult r = switch (name) {
              case "poweroff" -> bench.webAlone(() -> base.run("power-off"));
              case "keepalived-kill" -> bench.webAlone(() -> base.run("keepalived-kill"));
              case "graceful-stop" -> bench.webAlone(() -> base.run("graceful-stop"));
              case "shared-enis" -> bench.sharedEnis();
              case "shared-enis-batched" -> bench.sharedEnisBatched();
              default -> bench.leaderDiesThenPowerOff();
            };
            System.out.println(r.render());
            runs.add(r);
          } catch (LabException e) {
            failed++;
            System.out.println("=== bench " + name + " run " + (i + 1) + " FAILED: " + e.getMessage());
          }
        }
        Summary s = new Summary(name, options.advertIntervalMillis(), options.migrationDelay().toMillis(), runs);
        summaries.add(s);
        append(file, s.row());
      }
    }
    System.out.println(HEADER);
    summaries.forEach(s -> System.out.println(s.row()));
    System.out.println("appended to " + file);
    return failed == 0 ? 0 : 1;
  }

  static final String IDLE_HEADER = String.join("\t", "advert_ms", "pairs", "idle_s", "vrrp_transitions", "vip_moves",
      "migrate_requests", "keepalived_cpu_pct", "vrrp_packets_per_s", "load_avg_1m");

  /**
   * Issue 12 item 2: the lab left alone for {@code minutes} at one advert interval; any VRRP
   * transition, VIP move or migration in that time is a false failover. Appends one line to
   * {@code lab/target/lab-idle.tsv} with what the interval costs (keepalived's CPU, VRRP packets).
   */
  static int idle(LabOptions options, int minutes) {
    Path file = benchFile().resolveSibling("lab-idle.tsv");
    String row;
    try (Lab lab = Lab.start(Topology.bench(), options)) {
      lab.reset();
      Instant t0 = Instant.now();
      long migrate0 = lab.cloudCalls().count("MigratePrivateIpAddress");
      long cpu0 = keepalivedCpuTicks(lab);
      ScenarioBase.holdFor(Duration.ofMinutes(minutes));
      Instant end = Instant.now();
      long cpuTicks = keepalivedCpuTicks(lab) - cpu0;
      long transitions = lab.topology.pairs().stream()
          .mapToLong(p -> VrrpTransitions.count(lab.watch().roles(), p.name(), t0, end)).sum();
      long moves = lab.timeline.count(t0, e -> e.kind() == Timeline.Kind.OWNERSHIP);
      long migrates = lab.cloudCalls().count("MigratePrivateIpAddress") - migrate0;
      double seconds = Duration.between(t0, end).toMillis() / 1000.0;
      // USER_HZ is 100 on Linux: ticks / 100 = CPU seconds, over every keepalived process of the lab
      double cpuPct = cpuTicks / 100.0 / seconds * 100;
      int pairs = lab.topology.pairs().size();
      double packets = pairs * 1000.0 / options.advertIntervalMillis(); // one MASTER advert per pair per interval
      row = String.join("\t", Integer.toString(options.advertIntervalMillis()), Integer.toString(pairs),
          Long.toString(Math.round(seconds)), Long.toString(transitions), Long.toString(moves), Long.toString(migrates),
          String.format(java.util.Locale.ROOT, "%.2f", cpuPct), String.format(java.util.Locale.ROOT, "%.0f", packets),
          loadAverage());
    }
    try {
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      Files.writeString(file, (fresh ? IDLE_HEADER + "\n" : "") + row + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LabException("cannot append to " + file + ": " + e.getMessage(), e);
    }
    System.out.println(IDLE_HEADER + "\n" + row + "\nappended to " + file);
    return 0;
  }

  /** utime + stime of every keepalived process in the lab's CVMs, in clock ticks. */
  private static long keepalivedCpuTicks(Lab lab) {
    long sum = 0;
    for (Topology.Cvm c : lab.topology.cvms()) {
      for (long pid : NetnsProcesses.keepalived(lab.topology.cvmNs(c.name()))) {
        try {
          String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // a process that ended meanwhile counts for nothing
        }
      }
    }
    return sum;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "-";
    }
  }

  static Path benchFile() {
    Path pom = LabOptions.findUpwards("lab/pom.xml");
    Path dir = Files.isRegularFile(pom) ? pom.getParent().resolve("target") : Path.of("").toAbsolutePath();
    return dir.resolve("lab-bench.tsv");
  }

  private static void append(Path file, String row) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      Files.writeString(file, (fresh ? HEADER + "\n" : "") + row + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LabException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The two scenarios only the bench has, and the arrangement of masters every bench run needs. */
  static final class BenchScenarios extends ScenarioBase {
    static final List<String> SHARED = List.of("web", "api", "queue", "jobs");

    BenchScenarios(Lab lab) {
      super(lab, new Measure.Holder());
    }

    /**
     * Runs a one-VIP scenario with web's master alone: the other pairs' masters on the other CVM,
     * so that no other VIP moves off the broken CVM's ENI at the same time (that is shared-enis).
     */
    ScenarioResult webAlone(java.util.function.Supplier<ScenarioResult> scenario) {
      String webMaster = currentMaster("web");
      String other = lab.topology.pair("web").peerOf(webMaster);
      if (SHARED.stream().skip(1).anyMatch(p -> !currentMaster(p).equals(other))) {
        allMastersOn(other);
        // web's service on `other` fails its health check: only web moves back
        lab.stopService(other);
        awaitOrFail("web moved alone to " + webMaster, FAILOVER_TIMEOUT,
            () -> lab.reportedMasters("web").equals(List.of(webMaster)) && lab.cloudOwner("web").equals(Optional.of(webMaster)));
        lab.startService(other);
        awaitOrFail("every pair Ready, web on " + webMaster + ", the others on " + other, FAILOVER_TIMEOUT,
            () -> SHARED.stream().allMatch(lab::converged));
      }
      awaitHealthy(other);
      return scenario.get();
    }

    /** Every shared pair's master on one CVM: SIGTERM to the other's keepalived moves the rest over. */
    void allMastersOn(String cvm) {
      String other = lab.topology.pair("web").peerOf(cvm);
      if (SHARED.stream().allMatch(p -> currentMaster(p).equals(cvm))) {
        return;
      }
      awaitHealthy(cvm);
      lab.signalKeepalived(other, "TERM");
      awaitOrFail("every shared pair's master on " + cvm, FAILOVER_TIMEOUT,
          () -> SHARED.stream().allMatch(p -> lab.converged(p) && lab.reportedMasters(p).equals(List.of(cvm))));
    }

    /**
     * Waits until the CVM's instances of every shared pair are BACKUP or MASTER and healthy: a CVM
     * just powered on fails web's TCP check until its service listens (fall 2, rise 2), and a
     * hand-over to a FAULT instance would leave web without a master.
     */
    void awaitHealthy(String cvm) {
      awaitOrFail(cvm + "'s instances of every shared pair healthy", FAILOVER_TIMEOUT, () -> SHARED.stream()
          .allMatch(p -> lab.watch().report(p, cvm).map(r -> !Boolean.FALSE.equals(r.getHealthy())
              && (r.getRole() == VrrpRole.BACKUP || r.getRole() == VrrpRole.MASTER)).orElse(false)));
    }

    /**
     * Four VIPs on one ENI pair, their master's keepalived stopped (SIGTERM: VRRP hands over at
     * once): the cloud runs one task per ENI, so the moves queue; the outage is the last VIP's.
     */
    ScenarioResult sharedEnis() {
      String master = currentMaster("web");
      allMastersOn(master);
      String newMaster = lab.topology.pair("web").peerOf(master);
      awaitHealthy(newMaster);
      Measure m = begin("shared-enis", "web");
      Instant t0 = m.t0();
      lab.signalKeepalived(master, "TERM");
      AllMoved all = awaitAllMoved("shared-enis", newMaster, t0);
      ScenarioResult r = result("shared-enis", all.last(), t0, all.end(), m.migrate0(), newMaster, all.facts());
      return new ScenarioResult(r.name(), r.pair(), r.outage(), all.moves(), r.migrateRequests(), r.vippairMillis(),
          r.vrrpTransitions(), r.convergedMillis(), r.facts(), r.timeline());
    }

    /**
     * shared-enis with the moves batched by the bench (issue 12 item 3, a measurement, not the
     * operator's way): the four pairs paused, so the operator changes nothing; their master's
     * keepalived stopped; on its STOP report (the moment rule 16a acts on) the bench moves the four
     * VIPs in two tasks, Unassign of all four, then Assign of all four. Resumed afterwards: the VIPs
     * are then where the masters are, and the operator has nothing to do.
     */
    ScenarioResult sharedEnisBatched() {
      String master = currentMaster("web");
      allMastersOn(master);
      String newMaster = lab.topology.pair("web").peerOf(master);
      awaitHealthy(newMaster);
      try {
        SHARED.forEach(p -> pause(p, true));
        awaitOrFail("shared-enis-batched: the four pairs paused", FAILOVER_TIMEOUT, () -> SHARED.stream().allMatch(this::paused));
        Measure m = begin("shared-enis-batched", "web");
        Instant t0 = m.t0();
        lab.signalKeepalived(master, "TERM");
        awaitOrFail("shared-enis-batched: " + master + " reports STOP for web", FAILOVER_TIMEOUT,
            () -> lab.watch().report("web", master).map(r -> r.getRole() == VrrpRole.STOP).orElse(false));
        Instant stopSeen = Instant.now();
        List<String> vips = SHARED.stream().map(p -> lab.topology.pair(p).vip()).toList();
        new BatchedMove(lab.cloud()).move(vips, lab.topology.cvm(master).eniId(), lab.topology.cvm(newMaster).eniId(), lab.timeline);
        Instant moved = Instant.now();
        AllMoved all = awaitAllMoved("shared-enis-batched", newMaster, t0);
        var facts = all.facts();
        facts.put("STOP report seen -> both tasks done ms", Duration.between(stopSeen, moved).toMillis());
        facts.put("Unassign + Assign requests", lab.cloudCalls().count("UnassignPrivateIpAddresses") + " + "
            + lab.cloudCalls().count("AssignPrivateIpAddresses") + " (since the lab started)");
        ScenarioResult r = result("shared-enis-batched", all.last(), t0, all.end(), m.migrate0(), null, facts);
        return new ScenarioResult(r.name(), r.pair(), r.outage(), all.moves(), r.migrateRequests(), -1,
            r.vrrpTransitions(), r.convergedMillis(), r.facts(), r.timeline());
      } finally {
        SHARED.forEach(p -> pause(p, false));
        awaitOrFail("shared-enis-batched: the four pairs resumed and converged", FAILOVER_TIMEOUT,
            () -> SHARED.stream().allMatch(p -> !paused(p) && lab.converged(p)));
      }
    }

    /** The four VIPs after their master left: the last one's outage decides (issue 12, shared-enis). */
    private record AllMoved(Instant end, String last, long moves, LinkedHashMap<String, Object> facts) {}

    private AllMoved awaitAllMoved(String scenario, String newMaster, Instant t0) {
      awaitOrFail(scenario + ": all four VIPs on " + newMaster + " and answering", FAILOVER_TIMEOUT,
          () -> SHARED.stream().allMatch(p -> lab.reportedMasters(p).contains(newMaster)
              && lab.cloudOwner(p).equals(Optional.of(newMaster)) && lab.prober(p).answering()));
      Instant end = SHARED.stream().map(this::settle).max(Instant::compareTo).orElseThrow();
      Map<String, Long> outages = new LinkedHashMap<>();
      SHARED.forEach(p -> outages.put(p, lab.prober(p).outage(t0, end).toMillis()));
      String last = outages.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      long moves = lab.timeline.count(t0, e -> e.kind() == Timeline.Kind.OWNERSHIP && SHARED.contains(e.pair()));
      var facts = new LinkedHashMap<String, Object>();
      facts.put("outage per VIP ms", outages);
      facts.put("VIP moves, all four", moves);
      return new AllMoved(end, last, moves, facts);
    }

    private void pause(String pair, boolean on) {
      lab.api().client().resources(io.vippair.api.v1alpha1.VipPair.class).inNamespace(Topology.NAMESPACE).withName(pair)
          .edit(vp -> {
            vp.getSpec().setPaused(on ? Boolean.TRUE : null);
            vp.getSpec().setPauseReason(on ? "bench: shared-enis-batched moves the VIPs itself" : null);
            return vp;
          });
    }

    private boolean paused(String pair) {
      return lab.watch().status(pair).map(s -> s.getConditions() != null && s.getConditions().stream()
          .anyMatch(c -> io.vippair.api.v1alpha1.Conditions.PAUSED.equals(c.getType()) && "True".equals(c.getStatus())))
          .orElse(false);
    }

    /** The operator's leader SIGKILLed, then at once web's master powered off: the standby must lead and move web. */
    ScenarioResult leaderDiesThenPowerOff() {
      return webAlone(() -> {
        String leader = lab.leader().orElseThrow(() -> new LabException("no operator replica holds the leader Lease"));
        String master = currentMaster("web");
        String newMaster = lab.topology.pair("web").peerOf(master);
        Measure m = begin("leader-dies-then-poweroff", "web");
        Instant t0 = m.t0();
        lab.killOperator(leader);
        lab.timeline.add(Timeline.Kind.LAB, null, "operator leader " + leader + " SIGKILLed");
        m.silent(master);
        lab.powerOff(master);
        awaitOrFail("leader-dies-then-poweroff: another replica leads", Duration.ofSeconds(60),
            () -> lab.leader().filter(l -> !l.equals(leader)).isPresent());
        Instant ledAt = Instant.now();
        awaitOrFail("leader-dies-then-poweroff: " + newMaster + " MASTER, owning web's VIP, answering", FAILOVER_TIMEOUT,
            () -> lab.reportedMasters("web").contains(newMaster) && lab.cloudOwner("web").equals(Optional.of(newMaster))
                && lab.prober("web").answering());
        Instant end = settle("web");
        var facts = new LinkedHashMap<String, Object>();
        facts.put("killed leader", leader);
        facts.put("new leader after ms", Duration.between(t0, ledAt).toMillis());
        return result("leader-dies-then-poweroff", "web", t0, end, m.migrate0(), newMaster, facts);
      });
    }
  }
}
