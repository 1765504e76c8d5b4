package io.vippair.common;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one duration syntax of flags and config files: 500ms, 10s, 2m, 1h; a bare number is seconds. */
public final class Durations {

  private static final Pattern SYNTAX = Pattern.compile("^(\\d{1,9})(ms|s|m|h)?$");

  /** What {@link #parse} accepts, for error messages. */
  public static final String EXAMPLES = "500ms, 10s, 2m or 1h";

  private Durations() {}

  /** The duration, or empty when the text is not one. */
  public static Optional<Duration> parse(String text) {
    var m = SYNTAX.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    });
  }

  /** The shortest text {@link #parse} reads back as the same duration (sub-millisecond parts dropped). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
