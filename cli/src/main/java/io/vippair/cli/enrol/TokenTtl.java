package io.vippair.cli.enrol;

import io.vippair.cli.UsageError;
import java.time.Duration;

/** --token-ttl: how long the VMs' tokens last, written like kubectl's --duration (720h, 30d, 90m). */
public final class TokenTtl {
  public static final String DEFAULT = "720h";
  /** The TokenRequest API refuses less than 10 minutes. */
  static final Duration MIN = Duration.ofMinutes(10);
  static final Duration MAX = Duration.ofDays(365);

  private TokenTtl() {}

  public static Duration parse(String text) {
    var m = java.util.regex.Pattern.compile("^([0-9]{1,6})([smhd])$").matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UsageError("--token-ttl " + text + " is not a duration: give a number and a unit, e.g. 720h, 30d or 90m");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new UsageError("--token-ttl " + text + " is out of range: give 10m to 365d (the API server may cap it lower,"
          + " see its --service-account-max-token-expiration)");
    }
    return d;
  }

  /** As the flag is written: 720h, 90m, 45s. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
