package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudException;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per action per (secretId, region), shared by every pair, as Tencent
 * counts its limits per account. A bucket holds a tenth of a second's worth of tokens (at least
 * one), so no more than rate + burst requests leave in any second; routine calls leave half of
 * that burst to urgent ones and never go ahead of a queued urgent call.
 */
final class RateLimiter {

  /** Sleeps; a seam so tests can run the clock themselves. */
  interface Sleeper {
    Sleeper SYSTEM = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final int MAX_BUCKETS = 1024;

  private final CloudPortSettings settings;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Map<String, TokenBucket> buckets = new BoundedLru<>(MAX_BUCKETS);

  RateLimiter(CloudPortSettings settings, LongSupplier nanoTime, Sleeper sleeper) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static RateLimiter system(CloudPortSettings settings) {
    return new RateLimiter(settings, System::nanoTime, Sleeper.SYSTEM);
  }

  /**
   * Waits for a token (at most the configured maximum) and returns how long it waited.
   *
   * @throws CloudException THROTTLED when the wait would exceed the maximum
   */
  long acquire(CloudAccount account, String action, CallPriority priority) throws CloudException {
    TokenBucket bucket = bucket(account, action);
    long start = nanoTime.getAsLong();
    long deadline = start + settings.maxTokenWait().toNanos();
    while (true) {
      long now = nanoTime.getAsLong();
      TokenBucket.Grant grant = bucket.take(priority, deadline - now);
      if (!grant.taken() && now + grant.waitNanos() > deadline) {
        throw new CloudException(CloudException.Kind.THROTTLED, action, "LocalRateLimit",
            "no " + priority.name().toLowerCase() + " token within " + settings.maxTokenWait().toMillis()
                + " ms at " + settings.rateLimits().get(action) + "/s (raise --rate-limit-" + action
                + " only if Tencent raised the account's limit)",
            null, null);
      }
      if (grant.waitNanos() > 0) {
        try {
          sleeper.sleepNanos(grant.waitNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CloudException(CloudException.Kind.TRANSIENT, action, "Interrupted",
              "interrupted while waiting for a rate-limit token", null, null);
        }
      }
      if (grant.taken()) {
        return nanoTime.getAsLong() - start;
      }
    }
  }

  private synchronized TokenBucket bucket(CloudAccount account, String action) {
    String key = account.credentials().secretId() + "\n" + account.region() + "\n" + action;
    return buckets.computeIfAbsent(key, k -> {
      double rate = settings.rateLimits().get(action);
      double burst = Math.max(1, Math.ceil(rate / 10));
      return new TokenBucket(rate, burst, Math.floor(burst / 2), nanoTime);
    });
  }
}
