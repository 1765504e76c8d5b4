package io.vippair.operator.cloud;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before retry n (n = 1 for the second attempt) wait a
 * uniformly random time in [0, min(cap, base * 2^(n-1))]. Full jitter spreads the retries of many
 * pairs that failed together (one throttled burst) instead of sending them back in step.
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier random) {

  public long delayNanos(int retry) {
    double ceiling = Math.min(cap.toNanos(), base.toNanos() * Math.pow(2, Math.max(0, retry - 1)));
    return (long) (random.getAsDouble() * ceiling);
  }
}
