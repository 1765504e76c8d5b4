package io.vippair.api.v1alpha1;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The one time format of VipPair status ({@code since}, {@code issuedAt}, {@code vrrpAt},
 * {@code cloudAt}, probe deadlines, condition transition times), written by the operator and the
 * agents alike: RFC 3339 in UTC with at most millisecond precision, e.g.
 * {@code 2026-05-04T10:15:30.123Z}.
 */
public final class StatusTime {
  private StatusTime() {}

  public static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** The time, or null when absent or not a time: the other writer's values are not trusted input. */
  public static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
