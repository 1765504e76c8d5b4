package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.TaskHandle;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Prints what the cloud port costs against the emulator (real SDK, real HTTP, TC3 signatures
 * checked, the emulator's default Tencent rate limits):
 *
 * <ol>
 *   <li>a full observation of N pairs: calls per pair and wall time (three runs, the first cold);
 *   <li>a migration burst of min(N, 500) pairs issued at once from 32 threads while a routine full
 *       observation runs: token wait per action (mean, max) and the burst's duration;
 *   <li>priority: 100 urgent one-pair observations while a routine full observation runs on the
 *       same DescribeNetworkInterfaces bucket: the urgent calls' latency.
 * </ol>
 *
 * <p>Run: {@code ./mvnw -q -pl operator -am test-compile && ./mvnw -q -o -pl operator exec:java
 * -Dexec.mainClass=io.vippair.operator.cloud.CloudPortBenchmark -Dexec.classpathScope=test
 * -Dexec.args=10000} (the argument is N; default 1000).
 */
public final class CloudPortBenchmark {

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    try (CloudEmulator emu = CloudEmulator.start(EmulatorConfig.defaults()
        .withTaskDelay(Duration.ofMillis(500), Duration.ofMillis(500)))) {
      CloudFleet.seed(emu, pairs);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      TencentCloudPort port = new TencentCloudPort(CloudPortSettings.defaults()
          .withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint())), registry);
      CloudAccount account = CloudFleet.account(emu);
      List<VipQuery> queries = CloudFleet.queries(pairs);

      System.out.printf("cloud port benchmark: %d pairs (%d ENIs)%n", pairs, 2 * pairs);
      for (int run = 1; run <= 3; run++) {
        long calls = emu.requests(CloudActions.DESCRIBE);
        long start = System.nanoTime();
        CloudObservation seen = port.observe(account, queries);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long used = emu.requests(CloudActions.DESCRIBE) - calls;
        long owned = seen.ownership().values().stream().filter(o -> o instanceof VipOwnership.OwnedBy).count();
        System.out.printf("full observation run %d: %d DescribeNetworkInterfaces calls (%.3f per pair), %d ms, "
            + "%d/%d pairs owned%n", run, used, (double) used / pairs, millis, owned, pairs);
      }

      int burst = Math.min(pairs, 500);
      SimpleMeterRegistry burstRegistry = new SimpleMeterRegistry();
      TencentCloudPort burstPort = new TencentCloudPort(port.settings(), burstRegistry);
      ExecutorService pool = Executors.newFixedThreadPool(32);
      long start = System.nanoTime();
      Future<Long> routine = pool.submit(() -> {
        burstPort.observe(account, queries);
        return (System.nanoTime() - start) / 1_000_000;
      });
      List<Future<TaskHandle>> migrations = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        int pair = i;
        migrations.add(pool.submit(() -> burstPort.migrate(account, CloudFleet.vip(pair), CloudFleet.eniA(pair),
            CloudFleet.eniB(pair))));
      }
      int failed = 0;
      for (Future<TaskHandle> m : migrations) {
        try {
          m.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
          failed++;
        }
      }
      long burstMillis = (System.nanoTime() - start) / 1_000_000;
      long routineMillis = routine.get(5, TimeUnit.MINUTES);
      pool.shutdown();
      System.out.printf("migration burst: %d migrations from 32 threads in %d ms (%d failed), "
          + "%d MigratePrivateIpAddress requests reached the emulator; concurrent routine observation done after %d ms%n",
          burst, burstMillis, failed, emu.requests(CloudActions.MIGRATE), routineMillis);
      for (String action : List.of(CloudActions.MIGRATE, CloudActions.DESCRIBE)) {
        Timer wait = burstRegistry.find("vippair.cloud.token.wait").tag("action", action).timer();
        if (wait != null) {
          System.out.printf("token wait %s: %d calls, mean %.1f ms, max %.1f ms%n", action, wait.count(),
              wait.mean(TimeUnit.MILLISECONDS), wait.max(TimeUnit.MILLISECONDS));
        }
      }
      double throttled = burstRegistry.find("vippair.cloud.throttled").counters().stream()
          .mapToDouble(c -> c.count()).sum();
      System.out.printf("throttled by the emulator or the local bucket during the burst: %.0f%n", throttled);

      // urgent confirmations share the DescribeNetworkInterfaces bucket with a routine full observation
      TencentCloudPort mixedPort = new TencentCloudPort(port.settings(), new SimpleMeterRegistry());
      ExecutorService mixed = Executors.newFixedThreadPool(5);
      long mixedStart = System.nanoTime();
      Future<Long> routineObservation = mixed.submit(() -> {
        mixedPort.observe(account, queries);
        return (System.nanoTime() - mixedStart) / 1_000_000;
      });
      List<Future<Long>> urgent = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int pair = i % pairs;
        urgent.add(mixed.submit(() -> {
          long t = System.nanoTime();
          mixedPort.observe(account, List.of(CloudFleet.query(pair)), CallPriority.URGENT);
          return (System.nanoTime() - t) / 1_000;
        }));
      }
      long worstMicros = 0;
      long sumMicros = 0;
      for (Future<Long> u : urgent) {
        long micros = u.get(5, TimeUnit.MINUTES);
        worstMicros = Math.max(worstMicros, micros);
        sumMicros += micros;
      }
      System.out.printf("priority: 100 urgent one-pair observations from 4 threads during a routine full observation "
          + "(%d ms): urgent call mean %.1f ms, max %.1f ms%n", routineObservation.get(5, TimeUnit.MINUTES),
          sumMicros / 100 / 1000.0, worstMicros / 1000.0);
      mixed.shutdown();
    }
  }
}
