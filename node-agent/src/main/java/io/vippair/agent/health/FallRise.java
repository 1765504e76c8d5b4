package io.vippair.agent.health;

/**
 * keepalived-style hysteresis: a healthy member turns unhealthy after {@code fall} failures in a
 * row, an unhealthy one healthy after {@code rise} successes in a row. The very first result
 * decides the starting state at once, so a VM whose service is down never starts as healthy.
 * Immutable: {@link #next} returns the new state.
 */
public record FallRise(int fall, int rise, Boolean healthy, int streak) {

  public static FallRise initial(int fall, int rise) {
    if (fall < 1 || rise < 1) {
      throw new IllegalArgumentException("fall and rise must be at least 1");
    }
    return new FallRise(fall, rise, null, 0);
  }

  public FallRise next(boolean passed) {
    if (healthy == null) {
      return new FallRise(fall, rise, passed, 0);
    }
    if (passed == healthy) {
      return new FallRise(fall, rise, healthy, 0);
    }
    int counted = streak + 1;
    int needed = healthy ? fall : rise;
    return counted >= needed ? new FallRise(fall, rise, passed, 0) : new FallRise(fall, rise, healthy, counted);
  }

  /** Whether the state is known and healthy. */
  public boolean isHealthy() {
    return Boolean.TRUE.equals(healthy);
  }
}
