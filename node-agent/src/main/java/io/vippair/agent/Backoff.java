package io.vippair.agent;

import java.time.Duration;

/** Exponential backoff with a cap: initial, 2x, 4x, ... up to max. Pure. */
public record Backoff(Duration initial, Duration max) {

  /** The delay before retry number attempt (0-based). */
  public Duration delay(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0");
    }
    long millis = initial.toMillis();
    for (int i = 0; i < attempt && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }
}
