package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;

import static io.vippair.operator.cloud.tencent.CloudFleet.account;
import static io.vippair.operator.cloud.tencent.CloudFleet.eniA;
import static io.vippair.operator.cloud.tencent.CloudFleet.eniB;
import static io.vippair.operator.cloud.tencent.CloudFleet.query;
import static io.vippair.operator.cloud.tencent.CloudFleet.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The port with the real tencentcloud-sdk-java against the cloud emulator: real HTTP, real TC3
 * signatures, the emulator's own throttling and faults. Nothing is mocked.
 */
class TencentCloudPortEmulatorTest {
  private static final String DESCRIBE = CloudActions.DESCRIBE;
  private static final String MIGRATE = CloudActions.MIGRATE;

  private CloudEmulator emu;
  private PrometheusMeterRegistry registry;
  private final List<String> ownershipEvents = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startEmulator() {
    emu = CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofMillis(200), Duration.ofMillis(200)));
    emu.onOwnershipChange((vpc, ip, eni) -> ownershipEvents.add(ip + "->" + eni));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @AfterEach
  void stopEmulator() {
    emu.close();
  }

  /**
   * Fast retries; generous timeouts, so a loaded build machine does not add timeouts (and their
   * retries) to the requests a test counts.
   */
  private CloudPortSettings settings() {
    return CloudPortSettings.defaults()
        .withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint()))
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withRetries(6, Duration.ofMillis(20), Duration.ofMillis(200));
  }

  /** A read timeout of one second (the SDK's smallest), for the tests of lost answers. */
  private CloudPortSettings shortTimeouts() {
    return settings().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private TencentCloudPort port(CloudPortSettings s) {
    return new TencentCloudPort(s, registry);
  }

  @Test
  void observesAThousandPairsInAtMostTwentyCalls() {
    CloudFleet.seed(emu, 1000);

    CloudObservation seen = port(settings()).observe(account(emu), CloudFleet.queries(1000));

    assertThat(emu.requests(DESCRIBE)).isLessThanOrEqualTo(20);
    assertThat(seen.ownership()).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.ownership().get(CloudFleet.key(i))).isEqualTo(new VipOwnership.OwnedBy(eniA(i)));
    }
    assertThat(seen.enis()).hasSize(2000);
    assertThat(seen.enis().get(eniB(7)))
        .isEqualTo(new EniFacts(eniB(7), CloudFleet.VPC, CloudFleet.SUBNET, "ins-b0000007", CloudFleet.ip(7, 1)));
  }

  @Test
  void tellsUnassignedFromAForeignHolderWithOneExtraLookup() {
    CloudFleet.seed(emu, 3);
    emu.addEni("eni-f0000000", CloudFleet.SUBNET, "ins-f0000000", "10.200.0.1");
    // pair 1's VIP sits on a foreign ENI; pair 2's VIP is nowhere
    emu.addPrivateIp("eni-f0000000", "10.200.0.100");
    VipQuery foreign = new VipQuery("ns/foreign", CloudFleet.VPC, "10.200.0.100", List.of(eniA(1), eniB(1)));
    VipQuery free = new VipQuery("ns/free", CloudFleet.VPC, "10.200.0.101", List.of(eniA(2), eniB(2)));

    CloudObservation seen = port(settings()).observe(account(emu), List.of(query(0), foreign, free));

    assertThat(seen.ownership().get(CloudFleet.key(0))).isEqualTo(new VipOwnership.OwnedBy(eniA(0)));
    assertThat(seen.ownership().get("ns/foreign")).isEqualTo(new VipOwnership.Conflict("eni-f0000000"));
    assertThat(seen.ownership().get("ns/free")).isEqualTo(new VipOwnership.Unassigned());
    assertThat(emu.requests(DESCRIBE)).as("one call by id, one by address for both").isEqualTo(2);
    assertThat(emu.ownerOf(CloudFleet.VPC, "10.200.0.100")).contains("eni-f0000000");
  }

  @Test
  void followsAMigrationThroughItsTaskToConfirmedOwnership() throws Exception {
    CloudFleet.seed(emu, 1);
    // long enough to see it running even on a loaded machine
    emu.faults().migrationDelay(Duration.ofSeconds(3), Duration.ofSeconds(3));
    TencentCloudPort port = port(settings());
    CloudAccount account = account(emu);

    TaskHandle task = port.migrate(account, vip(0), eniA(0), eniB(0));

    assertThat(task.alreadyInProgress()).isFalse();
    assertThat(port.taskState(account, task.taskId())).isEqualTo(new TaskState.Running());
    assertThat(port.observe(account, List.of(query(0)), CallPriority.URGENT).ownership().get(CloudFleet.key(0)))
        .isInstanceOf(VipOwnership.Migrating.class);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> port.taskState(account, task.taskId()) instanceof TaskState.Succeeded);
    assertThat(port.observe(account, List.of(query(0)), CallPriority.URGENT).ownership().get(CloudFleet.key(0)))
        .isEqualTo(new VipOwnership.OwnedBy(eniB(0)));
    assertThat(emu.ownerOf(CloudFleet.VPC, vip(0))).contains(eniB(0));
    assertThat(port.taskState(account, "00000000-0000-0000-0000-000000000000")).isEqualTo(new TaskState.NotFound());
  }

  @Test
  void assignsAndUnassigns() throws Exception {
    CloudFleet.seed(emu, 1);
    TencentCloudPort port = port(settings());
    CloudAccount account = account(emu);
    String freeVip = "10.200.0.50";

    TaskHandle assigned = port.assign(account, freeVip, eniB(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> port.taskState(account, assigned.taskId()) instanceof TaskState.Succeeded);
    assertThat(emu.ownerOf(CloudFleet.VPC, freeVip)).contains(eniB(0));

    TaskHandle released = port.unassign(account, freeVip, eniB(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> port.taskState(account, released.taskId()) instanceof TaskState.Succeeded);
    assertThat(emu.ownerOf(CloudFleet.VPC, freeVip)).isEmpty();
  }

  @Test
  void neverSendsMoreThanTheBucketAllowsInAnySecond() throws Exception {
    int rate = 20;
    int burst = 2; // RateLimiter: a tenth of a second's worth
    emu.faults().rateLimit(DESCRIBE, rate); // the emulator enforces the same limit: it must never need to
    CloudFleet.seed(emu, 8);
    TencentCloudPort port = port(settings().withRateLimit(DESCRIBE, String.valueOf(rate)));
    CloudAccount account = account(emu);

    List<long[]> samples = new CopyOnWriteArrayList<>();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        // the count is read between two clock readings: a sampler preempted between them (a loaded
        // machine) widens the sample's window instead of crediting later requests to an earlier time
        long before = System.nanoTime();
        long count = emu.requests(DESCRIBE);
        samples.add(new long[] {before, count, System.nanoTime()});
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<CloudObservation>> results = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      int pair = i % 8;
      results.add(pool.submit(() -> port.observe(account, List.of(query(pair)))));
    }
    for (Future<CloudObservation> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS).ownership().values()).singleElement()
          .isInstanceOf(VipOwnership.OwnedBy.class);
    }
    pool.shutdown();
    sampler.interrupt();
    sampler.join();

    long worst = 0;
    for (int i = 0; i < samples.size(); i++) {
      // requests in count_j - count_i arrived after sample i began and before sample j ended
      for (int j = i + 1; j < samples.size() && samples.get(j)[2] - samples.get(i)[0] <= 1_000_000_000L; j++) {
        worst = Math.max(worst, samples.get(j)[1] - samples.get(i)[1]);
      }
    }
    System.out.printf("rate %d/s, burst %d: at most %d DescribeNetworkInterfaces requests in one second%n", rate, burst, worst);
    assertThat(emu.requests(DESCRIBE)).isGreaterThanOrEqualTo(48);
    // +1: a request counted just before the window's first sample
    assertThat(worst).isLessThanOrEqualTo(rate + burst + 1);
    assertThat(registry.scrape()).doesNotContain("code=\"RequestLimitExceeded\"");
  }

  @Test
  void backsOffWhenTheCloudThrottlesAndSucceeds() throws Exception {
    CloudFleet.seed(emu, 1);
    // the emulator admits one migration a second; a rejected request (bad ENI) takes this second's
    // token, so the real one is throttled until the next
    emu.faults().rateLimit(MIGRATE, 1);
    TencentCloudPort port = port(settings().withRetries(10, Duration.ofMillis(200), Duration.ofSeconds(1)));
    CloudAccount account = account(emu);
    assertThatThrownBy(() -> port.migrate(account, vip(0), "eni-zzzzzzzz", eniB(0)))
        .isInstanceOf(CloudException.class);

    TaskHandle task = port.migrate(account, vip(0), eniA(0), eniB(0));

    assertThat(task.taskId()).isNotNull();
    assertThat(emu.requests(MIGRATE)).isGreaterThan(2);
    assertThat(registry.get("vippair.cloud.throttled").tag("action", MIGRATE).counter().count())
        .isEqualTo(emu.requests(MIGRATE) - 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> emu.ownerOf(CloudFleet.VPC, vip(0)).orElse("").equals(eniB(0)));
    // listeners hear of a change on the emulator's notifier thread, a moment after the state changed
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ownershipEvents).containsExactly(vip(0) + "->" + eniB(0)));
  }

  @Test
  void doesNotRetryAuthenticationFailuresAndNeverLeaksTheSecret() {
    CloudFleet.seed(emu, 1);
    String key = "RecognisableSecretKey-4f1c9e";
    String token = "RecognisableSessionToken-77aa";
    CloudAccount wrong = new CloudAccount(CloudFleet.REGION, new CloudCredentials(emu.secretId(), key, token));
    TencentCloudPort port = port(settings());

    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    CloudException failure;
    CloudObservation seen;
    try {
      System.setErr(capture);
      System.setOut(capture);
      failure = org.junit.jupiter.api.Assertions.assertThrows(CloudException.class,
          () -> port.migrate(wrong, vip(0), eniA(0), eniB(0)));
      seen = port.observe(wrong, List.of(query(0)));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }

    assertThat(failure.kind()).isEqualTo(CloudException.Kind.AUTH);
    assertThat(failure.errorCode()).startsWith("AuthFailure");
    assertThat(emu.requests(MIGRATE)).as("an auth failure is not retried").isEqualTo(1);
    assertThat(seen.ownership().get(CloudFleet.key(0))).isInstanceOf(VipOwnership.Unknown.class);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String everything = failure.getMessage() + failure + trace + seen + captured.toString(StandardCharsets.UTF_8)
        + wrong + registry.scrape();
    assertThat(everything).doesNotContain(key).doesNotContain(token);
  }

  @Test
  void retriesInjectedInternalErrors() throws Exception {
    CloudFleet.seed(emu, 10);
    emu.faults().error(DESCRIBE, "InternalError", 0.5).error(MIGRATE, "InternalError.ModuleError", 0.5);
    TencentCloudPort port = port(settings().withRetries(12, Duration.ofMillis(10), Duration.ofMillis(100)));
    CloudAccount account = account(emu);

    CloudObservation seen = port.observe(account, CloudFleet.queries(10));
    TaskHandle task = port.migrate(account, vip(3), eniA(3), eniB(3));

    assertThat(seen.ownership().values()).allMatch(o -> o instanceof VipOwnership.OwnedBy);
    assertThat(task.alreadyInProgress() || task.taskId() != null).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> emu.ownerOf(CloudFleet.VPC, vip(3)).orElse("").equals(eniB(3)));
    // listeners hear of a change on the emulator's notifier thread, a moment after the state changed
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ownershipEvents).containsExactly(vip(3) + "->" + eniB(3)));
    assertThat(registry.scrape()).contains("code=\"InternalError\"");
  }

  /**
   * Issue 12: a second VIP of the same two ENIs is refused while the first one's task runs
   * (MutexOperationTaskRunning) and is sent again when that task ends, not after a back-off.
   */
  @Test
  void aVipRefusedForARunningTaskOnItsEniIsSentAgainWhenTheTaskEnds() throws Exception {
    CloudFleet.seed(emu, 1);
    String second = "10.0.0.250";
    emu.addPrivateIp(eniA(0), second);
    emu.faults().migrationDelay(Duration.ofMillis(1500), Duration.ofMillis(1500));
    List<Long> firstMovedAt = new CopyOnWriteArrayList<>();
    emu.onOwnershipChange((vpc, ip, eni) -> {
      if (ip.equals(vip(0))) {
        firstMovedAt.add(System.nanoTime());
      }
    });
    // the test's back-off alone (6 attempts, at most 20+40+80+160+200 ms) would give up before the 1.5 s task ends
    TencentCloudPort port = port(settings());
    CloudAccount account = account(emu);
    List<String> refusals = new CopyOnWriteArrayList<>();

    port.migrate(account, vip(0), eniA(0), eniB(0));
    TaskHandle task = port.migrate(account, second, eniA(0), eniB(0), refusals::add);
    long acceptedAt = System.nanoTime();

    assertThat(task.taskId()).isNotNull();
    assertThat(refusals).first().isEqualTo("UnsupportedOperation.MutexOperationTaskRunning");
    assertThat(firstMovedAt).hasSize(1);
    long afterTaskEndMs = (acceptedAt - firstMovedAt.get(0)) / 1_000_000;
    System.out.println("MEASURED second VIP accepted " + afterTaskEndMs + " ms after the first task ended; Migrate requests "
        + emu.requests(MIGRATE));
    // 40 ms poll + a describe + the guard's describe + the request; generous for a loaded build machine
    assertThat(afterTaskEndMs).isBetween(0L, 400L);
    assertThat(emu.requests(MIGRATE)).as("the first, one refusal (rarely two), the accepted one").isBetween(3L, 4L);
    await().atMost(Duration.ofSeconds(10)).until(() -> emu.ownerOf(CloudFleet.VPC, second).orElse("").equals(eniB(0)));
  }

  @Test
  void aMigrationWhoseAnswerIsLostIsNotSentAgain() throws Exception {
    CloudFleet.seed(emu, 1);
    // the emulator runs the migration, then answers after the port's 1 s read timeout
    emu.faults().latency(MIGRATE, Duration.ofSeconds(3));
    TencentCloudPort port = port(shortTimeouts());

    TaskHandle task = port.migrate(account(emu), vip(0), eniA(0), eniB(0));

    assertThat(task.alreadyInProgress()).isTrue();
    assertThat(task.taskId()).isNull();
    assertThat(emu.requests(MIGRATE)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> emu.ownerOf(CloudFleet.VPC, vip(0)).orElse("").equals(eniB(0)));
    // listeners hear of a change on the emulator's notifier thread, a moment after the state changed
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ownershipEvents).containsExactly(vip(0) + "->" + eniB(0)));
    assertThat(registry.scrape()).contains("action=\"MigratePrivateIpAddress\",code=\"Timeout\"");
  }

  @Test
  void aHungMigrationIsResentOnlyAfterSeeingItDidNotHappen() {
    CloudFleet.seed(emu, 1);
    emu.faults().hang(MIGRATE, true); // never answered, never run
    TencentCloudPort port = port(shortTimeouts().withRetries(3, Duration.ofMillis(20), Duration.ofMillis(50)));

    CloudException e = org.junit.jupiter.api.Assertions.assertThrows(CloudException.class,
        () -> port.migrate(account(emu), vip(0), eniA(0), eniB(0)));

    assertThat(e.kind()).isEqualTo(CloudException.Kind.TRANSIENT);
    assertThat(e.errorCode()).isEqualTo("Timeout");
    // normally 3 migrations and 2 looks; on a loaded machine a look may time out too, and then the
    // port skips that re-send rather than send blind
    assertThat(emu.requests(MIGRATE)).isBetween(1L, 3L);
    assertThat(emu.requests(DESCRIBE)).as("a look at the ENIs before each re-send")
        .isGreaterThanOrEqualTo(emu.requests(MIGRATE) - 1);
    assertThat(ownershipEvents).isEmpty();
    assertThat(emu.ownerOf(CloudFleet.VPC, vip(0))).contains(eniA(0));
  }

  @Test
  void malformedAnswersBecomeUnknownOrMalformedResponse() {
    CloudFleet.seed(emu, 2);
    emu.faults().malformed("*", 1.0);
    TencentCloudPort port = port(settings());
    CloudAccount account = account(emu);

    CloudObservation seen = port.observe(account, CloudFleet.queries(2));

    assertThat(seen.ownership().values()).allSatisfy(o -> {
      assertThat(o).isInstanceOf(VipOwnership.Unknown.class);
      assertThat(((VipOwnership.Unknown) o).errorCode()).isEqualTo("MalformedResponse");
    });
    assertThatThrownBy(() -> port.migrate(account, vip(0), eniA(0), eniB(0)))
        .isInstanceOfSatisfying(CloudException.class,
            ce -> assertThat(ce.kind()).isEqualTo(CloudException.Kind.MALFORMED_RESPONSE));
    assertThatThrownBy(() -> port.taskState(account, "any"))
        .isInstanceOfSatisfying(CloudException.class,
            ce -> assertThat(ce.kind()).isEqualTo(CloudException.Kind.MALFORMED_RESPONSE));
  }

  @Test
  void exposesThePrometheusNamesTheDashboardsUse() {
    CloudFleet.seed(emu, 1);
    port(settings()).observe(account(emu), List.of(query(0)));

    String text = registry.scrape();

    assertThat(text)
        .contains("vippair_cloud_requests_total{action=\"DescribeNetworkInterfaces\",code=\"OK\"} 1.0")
        .contains("vippair_cloud_request_seconds_bucket{action=\"DescribeNetworkInterfaces\"")
        .contains("vippair_cloud_token_wait_seconds_count{action=\"DescribeNetworkInterfaces\"} 1");
  }
}
