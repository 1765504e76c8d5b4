package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test moves: no real time passes. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CloudAccount account =
      new CloudAccount("ap-guangzhou", new CloudCredentials("AKIDtest", "key", null));

  private RateLimiter limiter(CloudPortSettings settings) {
    return new RateLimiter(settings, now::get, now::addAndGet);
  }

  @Test
  void urgentCallsTakeTheReserveRoutineCallsMustLeave() throws Exception {
    // 100/s: burst 10, reserve 5
    RateLimiter limiter = limiter(CloudPortSettings.defaults());
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire(account, CloudActions.DESCRIBE, CallPriority.ROUTINE)).isZero();
    }
    long routineWait = limiter.acquire(account, CloudActions.DESCRIBE, CallPriority.ROUTINE);
    assertThat(routineWait).as("routine waits once only the reserve is left").isPositive();

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire(account, CloudActions.DESCRIBE, CallPriority.URGENT)).isZero();
    }
    assertThat(limiter.acquire(account, CloudActions.DESCRIBE, CallPriority.URGENT)).isPositive();
  }

  @Test
  void urgentCallsQueueInArrivalOrderAndRoutineCallsYieldToThem() {
    TokenBucket bucket = new TokenBucket(50, 5, 2, now::get); // 20 ms a token
    long maxWait = Duration.ofSeconds(1).toNanos();
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.take(CallPriority.URGENT, maxWait)).isEqualTo(new TokenBucket.Grant(true, 0));
    }
    // no time passes: each urgent caller reserves the next token, 20 ms after the previous one
    assertThat(bucket.take(CallPriority.URGENT, maxWait).waitNanos()).isEqualTo(20_000_000L);
    assertThat(bucket.take(CallPriority.URGENT, maxWait).waitNanos()).isEqualTo(40_000_000L);
    TokenBucket.Grant routine = bucket.take(CallPriority.ROUTINE, maxWait);
    assertThat(routine.taken()).isFalse();
    assertThat(routine.waitNanos()).as("until both queued urgent calls and the reserve are served")
        .isEqualTo(100_000_000L);
    assertThat(bucket.take(CallPriority.URGENT, 50_000_000L).taken()).as("not reserved beyond the max wait").isFalse();
  }

  @Test
  void sustainedRateIsTheConfiguredRate() throws Exception {
    RateLimiter limiter = limiter(CloudPortSettings.defaults().withRateLimit("migrate-private-ip-address", "50"));
    long start = now.get();
    for (int i = 0; i < 505; i++) { // burst 5, then 500 at 50/s
      limiter.acquire(account, CloudActions.MIGRATE, CallPriority.URGENT);
    }
    assertThat(now.get() - start).isBetween(Duration.ofMillis(9_990).toNanos(), Duration.ofMillis(10_010).toNanos());
  }

  @Test
  void bucketsAreSeparatePerActionAndAccount() throws Exception {
    RateLimiter limiter = limiter(CloudPortSettings.defaults().withRateLimit(CloudActions.TASK_RESULT, "1"));
    assertThat(limiter.acquire(account, CloudActions.TASK_RESULT, CallPriority.URGENT)).isZero();
    assertThat(limiter.acquire(account, CloudActions.MIGRATE, CallPriority.URGENT)).isZero();
    CloudAccount other = new CloudAccount("ap-guangzhou", new CloudCredentials("AKIDother", "key", null));
    assertThat(limiter.acquire(other, CloudActions.TASK_RESULT, CallPriority.URGENT)).isZero();
    CloudAccount otherRegion = new CloudAccount("ap-shanghai", account.credentials());
    assertThat(limiter.acquire(otherRegion, CloudActions.TASK_RESULT, CallPriority.URGENT)).isZero();
    assertThat(limiter.acquire(account, CloudActions.TASK_RESULT, CallPriority.URGENT)).isPositive();
  }

  @Test
  void givesUpThrottledAfterTheMaximumWait() throws Exception {
    RateLimiter limiter = limiter(CloudPortSettings.defaults()
        .withRateLimit(CloudActions.TASK_RESULT, "0.1").withMaxTokenWait(Duration.ofSeconds(2)));
    limiter.acquire(account, CloudActions.TASK_RESULT, CallPriority.URGENT);
    long before = now.get();

    assertThatThrownBy(() -> limiter.acquire(account, CloudActions.TASK_RESULT, CallPriority.URGENT))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudException.Kind.THROTTLED);
          assertThat(e.getMessage()).contains("--rate-limit-DescribeVpcTaskResult");
        });
    assertThat(now.get()).as("gave up without sleeping in vain").isEqualTo(before);
  }

  @Test
  void badRateLimitsAreRejectedByName() {
    assertThatThrownBy(() -> CloudPortSettings.defaults().withRateLimit("migrate", "10"))
        .hasMessageContaining("unknown cloud action 'migrate'").hasMessageContaining("MigratePrivateIpAddress");
    assertThatThrownBy(() -> CloudPortSettings.defaults().withRateLimit(CloudActions.MIGRATE, "fast"))
        .hasMessageContaining("--rate-limit-MigratePrivateIpAddress").hasMessageContaining("'fast'");
    assertThatThrownBy(() -> CloudPortSettings.defaults().withRateLimit(CloudActions.MIGRATE, "0"))
        .hasMessageContaining("--rate-limit-MigratePrivateIpAddress");
  }
}
