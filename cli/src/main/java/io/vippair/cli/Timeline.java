package io.vippair.cli;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times as people read them: events' best timestamp, ages like kubectl's (45s, 3m, 2h, 5d). */
public final class Timeline {
  private Timeline() {}

  /** When the event last happened: lastTimestamp, else eventTime, else firstTimestamp, else creation. */
  public static Instant when(Event e) {
    for (String t : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
        e.getFirstTimestamp(), e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()}) {
      Instant i = parse(t);
      if (i != null) {
        return i;
      }
    }
    return Instant.EPOCH;
  }

  public static Instant parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** "3m" for a time three minutes before now; "?" when unknown. */
  public static String age(String rfc3339, Instant now) {
    Instant t = parse(rfc3339);
    return t == null ? "?" : age(t, now);
  }

  public static String age(Instant t, Instant now) {
    long s = Math.max(0, Duration.between(t, now).getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 120 * 60) {
      return s / 60 + "m";
    }
    if (s < 48 * 3600) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** "812ms" or "2.4s". */
  public static String millis(Long ms) {
    if (ms == null) {
      return "-";
    }
    return ms < 10_000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
