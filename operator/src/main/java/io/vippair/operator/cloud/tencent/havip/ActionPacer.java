package io.vippair.operator.cloud.tencent.havip;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps each (account, region, action) under its requests-per-second limit: a token bucket holding
 * a tenth of a second's worth (at least one). {@link #reserve} books the next token and says how
 * long to wait for it, so callers queue fairly without holding the lock while they sleep.
 */
final class ActionPacer {
  private final double perSecond;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> nextFree = new HashMap<>();

  ActionPacer(double perSecond, LongSupplier nanoTime) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate limit must be > 0 per second, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** @return nanoseconds to wait before sending (a generic cell-rate algorithm: the bucket as a due time) */
  synchronized long reserve(String key) {
    long interval = (long) (1e9 / perSecond);
    long tolerance = (Math.max(1, (long) (perSecond / 10)) - 1) * interval;
    long now = nanoTime.getAsLong();
    long[] due = nextFree.computeIfAbsent(key, k -> new long[] {now});
    long tat = Math.max(due[0], now);
    due[0] = tat + interval;
    if (nextFree.size() > 4096) {
      nextFree.entrySet().removeIf(e -> e.getValue()[0] < now);
    }
    return Math.max(0, tat - tolerance - now);
  }
}
