package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.SETTINGS;
import static io.vippair.operator.failover.PairWorld.pair;

import io.vippair.api.v1alpha1.SplitBrainPolicy;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long one failover decision takes and how much it allocates, per kind of round. Not a test:
 * a harness that prints numbers (docs/performance.md, "Failover decision"). It runs on one thread,
 * because the controller decides each pair on the reconciler thread that handles it. CPU time per
 * decision is printed next to wall time, as it stays meaningful on a machine shared with other load.
 *
 * <p>Arguments (optional): {@code --seconds 3 --warmup 2} per scenario.
 */
public final class FailoverDeciderBenchmark {

  private FailoverDeciderBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    double seconds = Double.parseDouble(opts.getOrDefault("seconds", "3"));
    double warmup = Double.parseDouble(opts.getOrDefault("warmup", "2"));

    Map<String, PairSnapshot> scenarios = new LinkedHashMap<>();
    PairWorld steady = pair().master(A).backup(B).ownedBy(A);
    steady.decide();
    scenarios.put("steady (Ready, nothing to do)", steady.afterMillis(1000).snapshot());
    PairWorld handover = pair().master(A).backup(B).ownedBy(A);
    handover.decide();
    scenarios.put("graceful handover (migrate)", handover.afterMillis(1000).backup(A).master(B).snapshot());
    PairWorld probing = pair().master(A).backup(B).ownedBy(A);
    probing.decide();
    scenarios.put("both MASTER (start probe)", probing.afterMillis(1000).master(B).snapshot());
    PairWorld split = pair().master(A).backup(B).ownedBy(A);
    split.spec.getFailover().setSplitBrainPolicy(SplitBrainPolicy.FenceNonOwner);
    split.decide();
    split.afterMillis(1000).master(B).decide();
    scenarios.put("split brain (fence)", split.afterMillis(100).answersProbe(A).snapshot());

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    FailoverDecider decider = new FailoverDecider();
    System.out.printf("%-32s %14s %12s %12s %14s%n", "scenario", "decisions/s", "wall us", "cpu us", "bytes/decision");
    for (var e : scenarios.entrySet()) {
      run(decider, e.getValue(), warmup);
      long bytesBefore = threads.getThreadAllocatedBytes(me);
      long cpuBefore = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long n = run(decider, e.getValue(), seconds);
      long nanos = System.nanoTime() - start;
      long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      long bytes = threads.getThreadAllocatedBytes(me) - bytesBefore;
      System.out.printf("%-32s %,14.0f %12.2f %12.2f %,14d%n", e.getKey(), n * 1e9 / nanos, nanos / 1e3 / n, cpu / 1e3 / n, bytes / n);
    }
  }

  /** Decides the same snapshot over and over for about this many seconds; returns the count. */
  private static long run(FailoverDecider decider, PairSnapshot s, double seconds) {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    int sink = 0;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 1000; i++) {
        sink += decider.decide(s, SETTINGS).events().size();
      }
      n += 1000;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return n;
  }
}
