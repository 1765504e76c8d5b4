package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CallPriority;

import java.util.function.LongSupplier;

/**
 * A token bucket for one action of one account and region: {@code ratePerSecond} tokens a
 * second, at most {@code burst} stored. Thread-safe; never blocks (the caller sleeps, see {@link
 * RateLimiter}).
 *
 * <p>Urgent callers reserve: when the bucket is empty they take a future token (the count goes
 * negative) and sleep until it is due, so urgent calls are served in arrival order at exactly the
 * rate. Routine callers never reserve: they take a token only while more than {@code reserve}
 * are stored, so every queued urgent call and the reserve go first.
 */
final class TokenBucket {

  /**
   * The answer to one request for a token.
   *
   * @param taken the token is the caller's once it has slept {@code waitNanos}; when false, nothing
   *     was taken and the caller may ask again after {@code waitNanos}
   */
  record Grant(boolean taken, long waitNanos) {}

  private final double ratePerNano;
  private final double burst;
  private final double reserve;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefill;

  TokenBucket(double ratePerSecond, double burst, double reserve, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0) || !(burst >= 1) || reserve < 0 || reserve >= burst) {
      throw new IllegalArgumentException(
          "token bucket needs rate > 0, burst >= 1 and 0 <= reserve < burst; got rate=" + ratePerSecond
              + " burst=" + burst + " reserve=" + reserve);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.reserve = reserve;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.lastRefill = nanoTime.getAsLong();
  }

  /**
   * @param maxWaitNanos an urgent caller does not reserve a token due later than this
   */
  synchronized Grant take(CallPriority priority, long maxWaitNanos) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (priority == CallPriority.URGENT) {
      long wait = tokens >= 1 ? 0 : nanosUntil(1);
      if (wait > maxWaitNanos) {
        return new Grant(false, wait);
      }
      tokens -= 1;
      return new Grant(true, wait);
    }
    if (tokens >= 1 + reserve) {
      tokens -= 1;
      return new Grant(true, 0);
    }
    return new Grant(false, nanosUntil(1 + reserve));
  }

  private long nanosUntil(double level) {
    return Math.max(1, (long) Math.ceil((level - tokens) / ratePerNano));
  }
}
