package io.vippair.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off, capped, optionally with full jitter: the wait after {@code failures}
 * consecutive failures (0 for the first) is {@code random * min(cap, base * 2^failures)}.
 *
 * <p>Full jitter ({@link #withFullJitter}) spreads the retries of many callers that failed together
 * (one throttled burst of cloud calls) instead of sending them back in step. Without jitter
 * ({@link #Backoff(Duration, Duration)}) the wait is always the ceiling: for one process restarting
 * its own child or retrying its own report, where no crowd retries in step and a predictable wait
 * is easier to reason about.
 *
 * @param random a factor in [0, 1], drawn once per wait
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier random) {

  private static final DoubleSupplier NO_JITTER = () -> 1.0;

  public Backoff {
    if (base.isNegative() || cap.isNegative()) {
      throw new IllegalArgumentException("back-off base and cap must not be negative");
    }
  }

  /** Without jitter: base, 2 base, 4 base ... up to cap. */
  public Backoff(Duration base, Duration cap) {
    this(base, cap, NO_JITTER);
  }

  /** With full jitter: a uniformly random wait in [0, min(cap, base * 2^failures)]. */
  public static Backoff withFullJitter(Duration base, Duration cap) {
    return new Backoff(base, cap, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The wait after {@code failures} consecutive failures, counted from 0. */
  public Duration delay(int failures) {
    if (failures < 0) {
      throw new IllegalArgumentException("failures must be >= 0");
    }
    return Duration.ofNanos((long) (random.getAsDouble() * ceilingNanos(failures)));
  }

  private long ceilingNanos(int failures) {
    long capNanos = cap.toNanos();
    long nanos = base.toNanos();
    for (int i = 0; i < failures && nanos < capNanos; i++) {
      nanos = nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos * 2;
    }
    return Math.min(nanos, capNanos);
  }
}
