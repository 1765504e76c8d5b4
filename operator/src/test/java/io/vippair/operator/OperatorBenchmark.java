package io.vippair.operator;

import static io.vippair.operator.Testbed.vip;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import io.vippair.emulator.EmulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Measures the operator in-process against the mock API server and the cloud emulator (through
 * the real cloud port and SDK) with N pairs and simulated agents, and prints:
 *
 * <ul>
 *   <li>time to full sync (every pair Ready) and the heap the operator adds;
 *   <li>steady-state cloud calls per pair per hour and per 50 pairs per resync;
 *   <li>latency from an agent's MASTER report to the migration reaching the emulator (p50/p99),
 *       one handover at a time;
 *   <li>a fleet failover of 10 % of the pairs at once against the rate-limit bound
 *       (migrations ÷ MigratePrivateIpAddress limit).
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q -pl operator -am test-compile && java -cp "$(cat operator/target/test-classpath.txt)"
 * io.vippair.operator.OperatorBenchmark --pairs 1000}; see docs/performance.md. The emulator's
 * tasks finish at once here, so "reaching the emulator" is the moment the emulator moves the IP.
 */
public final class OperatorBenchmark {
  private static final double DEFAULT_MIGRATE_RATE =
      io.vippair.operator.cloud.tencent.CloudPortSettings.DOCUMENTED_RATE_LIMITS.get(io.vippair.operator.cloud.tencent.CloudActions.MIGRATE);

  /** What to run. */
  record Options(int pairs, int samples, Duration resync, int steadyResyncs, double migrateRate) {
    static Options smoke() {
      return new Options(50, 20, Duration.ofSeconds(2), 2, DEFAULT_MIGRATE_RATE);
    }

    static Options parse(String[] args) {
      int pairs = 1000;
      int samples = 200;
      Duration resync = null;
      int steady = 3;
      double rate = DEFAULT_MIGRATE_RATE;
      List<String> a = Arrays.asList(args);
      if (a.contains("--smoke")) {
        return smoke();
      }
      for (int i = 0; i + 1 < a.size(); i += 2) {
        switch (a.get(i)) {
          case "--pairs" -> pairs = Integer.parseInt(a.get(i + 1));
          case "--samples" -> samples = Integer.parseInt(a.get(i + 1));
          case "--resync" -> resync = io.vippair.common.Durations.parse(a.get(i + 1)).orElseThrow();
          case "--steady-resyncs" -> steady = Integer.parseInt(a.get(i + 1));
          case "--migrate-rate" -> rate = Double.parseDouble(a.get(i + 1));
          default -> throw new IllegalArgumentException("unknown option " + a.get(i)
              + "; use --pairs N --samples K --resync 10s --steady-resyncs 3 --migrate-rate 50, or --smoke");
        }
      }
      if (resync == null) {
        resync = pairs > 2000 ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
      }
      return new Options(pairs, Math.min(samples, pairs / 2), resync, steady, rate);
    }
  }

  /** The figures, as printed. */
  record Result(int pairs, double fullSyncSeconds, double operatorHeapMb, double callsPerPairPerHour,
      double callsPer50PairsPerResync, double reportToRequestP50Ms, double reportToRequestP99Ms, int samples,
      int fleetPairs, double fleetSeconds, double fleetBoundSeconds, long fleetMigrateRequests, long fleetMoves) {}

  public static void main(String[] args) throws Exception {
    Result r = run(Options.parse(args));
    System.exit(r == null ? 1 : 0);
  }

  static Result run(Options o) throws Exception {
    int fleet = Math.max(1, o.pairs() / 10);
    if (o.samples() + fleet > o.pairs()) {
      throw new IllegalArgumentException("need samples + pairs/10 <= pairs");
    }
    try (Testbed bed = Testbed.start(EmulatorConfig.defaults().withTaskDelay(Duration.ZERO, Duration.ZERO))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      log("seeding %d pairs (cloud, VipPairs, Leases, agent reports)", o.pairs());
      bed.seedCloud(0, o.pairs(), true);
      parallel(pool, o.pairs(), i -> {
        VipPair p = pair(i);
        p.getMetadata().setGeneration(null);
        bed.create(p);
      });
      // the benchmark renews nothing: a long Lease keeps the agents "alive" without a write per 10 s
      parallel(pool, (o.pairs() + PAIRS_PER_VM - 1) / PAIRS_PER_VM, vm -> {
        bed.agents.renewLease(memberA(vm * PAIRS_PER_VM), 3600);
        bed.agents.renewLease(memberB(vm * PAIRS_PER_VM), 3600);
      });
      parallel(pool, o.pairs(), i -> {
        VipPair ref = pair(i);
        bed.agents.report(ref, member("a", i), VrrpRole.MASTER);
        bed.agents.report(ref, member("b", i), VrrpRole.BACKUP);
      });
      bed.agents.answeringProbes();

      long heapBefore = usedHeap();
      var registry = new SimpleMeterRegistry();
      long started = System.nanoTime();
      List<String> flags = new ArrayList<>(bed.flags("bench", o.resync(), false));
      flags.addAll(List.of("--rate-limit-MigratePrivateIpAddress", String.valueOf(o.migrateRate())));
      var op = bed.startOperator(flags, registry);
      while (ready(op) < o.pairs()) {
        if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(10)) {
          throw new IllegalStateException("only " + ready(op) + " of " + o.pairs() + " pairs Ready after 10 minutes");
        }
        Thread.sleep(100);
      }
      double fullSync = seconds(System.nanoTime() - started);
      double heapMb = (usedHeap() - heapBefore) / 1e6;
      log("full sync: %d pairs Ready in %.1f s; operator heap %.0f MB", o.pairs(), fullSync, heapMb);

      // steady state: count every cloud call over whole resync periods
      long apiRequests0 = bed.api.requestCount();
      long calls0 = bed.cloud.requests();
      long describe0 = bed.cloud.requests(Actions.DESCRIBE_NETWORK_INTERFACES);
      long window = System.nanoTime();
      Thread.sleep(o.resync().toMillis() * o.steadyResyncs());
      double windowHours = seconds(System.nanoTime() - window) / 3600;
      long calls = bed.cloud.requests() - calls0;
      long describes = bed.cloud.requests(Actions.DESCRIBE_NETWORK_INTERFACES) - describe0;
      double perPairHour = calls / (double) o.pairs() / windowHours;
      long apiRequests = bed.api.requestCount() - apiRequests0;
      double per50PerResync = describes / (double) o.steadyResyncs() / (o.pairs() / 50.0);
      log("steady state: %d cloud calls (%d DescribeNetworkInterfaces) in %d resyncs of %s: %.1f calls/pair/hour, %.2f per 50 pairs per resync",
          calls, describes, o.steadyResyncs(), o.resync(), perPairHour, per50PerResync);
      log("  Kubernetes API requests meanwhile: %d (%.2f per pair per resync)", apiRequests,
          apiRequests / (double) o.pairs() / o.steadyResyncs());

      // report → request, one handover at a time
      Map<String, Long> movedAt = new ConcurrentHashMap<>();
      Map<String, Integer> moves = new ConcurrentHashMap<>();
      Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
      bed.cloud.onOwnershipChange((vpc, ip, eni) -> {
        movedAt.put(ip, System.nanoTime());
        moves.merge(ip, 1, Integer::sum);
        CountDownLatch l = waiting.get(ip);
        if (l != null) {
          l.countDown();
        }
      });
      List<Double> latencies = new ArrayList<>();
      List<Double> patchTimes = new ArrayList<>();
      for (int i = 0; i < o.samples(); i++) {
        VipPair pair = pair(i);
        CountDownLatch moved = new CountDownLatch(1);
        waiting.put(vip(i), moved);
        bed.agents.report(pair, member("a", i), VrrpRole.BACKUP);
        // as with keepalived, where the new master wins about three advert intervals after the old
        // one stepped down: the operator has seen the old master's report before the new one's
        awaitNoMaster(bed, i);
        long sent = System.nanoTime();
        bed.agents.report(pair, member("b", i), VrrpRole.MASTER);
        patchTimes.add((System.nanoTime() - sent) / 1e6);
        if (moved.await(10, TimeUnit.SECONDS)) {
          latencies.add((movedAt.get(vip(i)) - sent) / 1e6);
        } else {
          log("sample %d: no migration within 10 s", i);
        }
      }
      latencies.sort(null);
      patchTimes.sort(null);
      double p50 = percentile(latencies, 0.50);
      double p99 = percentile(latencies, 0.99);
      log("MASTER report -> migration at the emulator: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)",
          p50, p99, latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1), latencies.size());
      log("  of which the agent's PATCH to the API server took: p50 %.1f ms, p99 %.1f ms",
          percentile(patchTimes, 0.5), percentile(patchTimes, 0.99));
      var reconcile = registry.find("vippair.reconcile").timer();
      var migrate = registry.find("vippair.cloud.request").tag("action", Actions.MIGRATE_PRIVATE_IP_ADDRESS).timer();
      log("  reconcile: mean %.1f ms, max %.1f ms over %d; MigratePrivateIpAddress call: mean %.1f ms, max %.1f ms",
          reconcile.mean(TimeUnit.MILLISECONDS), reconcile.max(TimeUnit.MILLISECONDS), reconcile.count(),
          migrate == null ? Double.NaN : migrate.mean(TimeUnit.MILLISECONDS), migrate == null ? Double.NaN : migrate.max(TimeUnit.MILLISECONDS));

      // fleet failover: 10 % of the pairs hand over at once
      int from = o.samples();
      CountDownLatch allMoved = new CountDownLatch(fleet);
      for (int i = from; i < from + fleet; i++) {
        waiting.put(vip(i), allMoved);
      }
      long migrates0 = bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS);
      long fleetStart = System.nanoTime();
      parallel(pool, fleet, k -> {
        VipPair pair = pair(from + k);
        bed.agents.report(pair, member("a", from + k), VrrpRole.BACKUP);
        bed.agents.report(pair, member("b", from + k), VrrpRole.MASTER);
      });
      double reportsWritten = seconds(System.nanoTime() - fleetStart);
      boolean done = allMoved.await(5, TimeUnit.MINUTES);
      long last = 0;
      long first = Long.MAX_VALUE;
      for (int i = from; i < from + fleet; i++) {
        long at = movedAt.getOrDefault(vip(i), 0L);
        last = Math.max(last, at);
        first = Math.min(first, at);
      }
      double fleetSeconds = seconds(last - fleetStart);
      log("  the %d agents' reports took %.2f s to write; first to last migration: %.2f s", 2 * fleet, reportsWritten,
          seconds(last - first));
      double limit = o.migrateRate();
      double bound = fleet / limit;
      long fleetMigrates = bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS) - migrates0;
      long fleetMoves = 0;
      for (int i = from; i < from + fleet; i++) {
        fleetMoves += moves.getOrDefault(vip(i), 0);
      }
      var throttled = registry.find("vippair.cloud.throttled").tag("action", Actions.MIGRATE_PRIVATE_IP_ADDRESS).counter();
      log("fleet failover: %d pairs %s in %.2f s; rate-limit bound %.2f s (%d / %.0f per s): %.2f x the bound",
          fleet, done ? "moved" : "NOT ALL moved", fleetSeconds, bound, fleet, limit, fleetSeconds / bound);
      log("  %d Migrate requests (%.0f throttled by the cloud and retried so far), %d moves of those VIPs: %s",
          fleetMigrates, throttled == null ? 0.0 : throttled.count(), fleetMoves,
          fleetMoves == fleet ? "each moved exactly once" : "NOT each exactly once");
      pool.shutdownNow();

      Result r = new Result(o.pairs(), fullSync, heapMb, perPairHour, per50PerResync, p50, p99, latencies.size(), fleet,
          fleetSeconds, bound, fleetMigrates, fleetMoves);
      System.out.println(r);
      return r;
    }
  }

  /** VMs host up to PAIRS_PER_VM pairs each (distinct VRRP ids), so N pairs need only 2N/200 agents and Leases. */
  private static final int PAIRS_PER_VM = 200;

  static String memberA(int i) {
    return "vm-a-" + i / PAIRS_PER_VM;
  }

  static String memberB(int i) {
    return "vm-b-" + i / PAIRS_PER_VM;
  }

  static String member(String side, int i) {
    return side.equals("a") ? memberA(i) : memberB(i);
  }

  /** Pair i of the benchmark: Testbed's pair on shared VMs. */
  static VipPair pair(int i) {
    VipPair p = Testbed.pairObject(i);
    p.getSpec().getMembers().get(0).setName(memberA(i));
    p.getSpec().getMembers().get(1).setName(memberB(i));
    p.getSpec().getVrrp().setVirtualRouterId(i % PAIRS_PER_VM + 1);
    p.getMetadata().setGeneration(1L);
    return p;
  }

  private static void awaitNoMaster(Testbed bed, int i) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      VipPair now = bed.get(i);
      if (now.getStatus() != null && now.getStatus().getMaster() == null) {
        return;
      }
      Thread.sleep(5);
    }
  }

  private static long ready(Testbed.Running op) {
    var g = op.registry().find("vippair.pairs").tag("phase", "Ready").gauge();
    return g == null ? 0 : (long) g.value();
  }

  private static void parallel(ExecutorService pool, int n, IntConsumer task) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    int threads = 4;
    for (int t = 0; t < threads; t++) {
      int first = t;
      futures.add(pool.submit(() -> {
        for (int i = first; i < n; i += threads) {
          task.accept(i);
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
