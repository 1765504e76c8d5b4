package io.vippair.operator.cloud;

import java.util.function.LongSupplier;

/**
 * A token bucket for one action of one account and region: {@code ratePerSecond} tokens a
 * second, at most {@code burst} stored. Routine callers leave {@code reserve} tokens for urgent
 * ones. Thread-safe; never blocks (the caller sleeps for the returned time, see {@link RateLimiter}).
 */
final class TokenBucket {
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
   * Takes one token if this priority may have one now and returns 0; otherwise takes nothing and
   * returns the nanoseconds until it may (always > 0).
   */
  synchronized long tryTake(CallPriority priority) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    double needed = 1 + (priority == CallPriority.ROUTINE ? reserve : 0);
    if (tokens >= needed) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((needed - tokens) / ratePerNano));
  }
}
