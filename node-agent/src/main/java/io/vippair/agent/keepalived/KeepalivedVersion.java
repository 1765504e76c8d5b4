package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.common.config.BadSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keepalived release, and what its configuration parser accepts. Fleets run 2.0.x (Ubuntu 20.04)
 * to 2.3.x; the first release of each keyword the agent depends on comes from keepalived's
 * ChangeLog and release notes, checked against the parser source of each tag (docs/agent.md,
 * "keepalived versions").
 */
public record KeepalivedVersion(int major, int minor, int patch) implements Comparable<KeepalivedVersion> {
  private static final Pattern BANNER = Pattern.compile("Keepalived v(\\S+)");
  private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /**
   * The oldest release the agent runs with: {@code keepalived -t} (config test) came in 2.0.4, exits
   * non-zero on a bad file since 2.0.5, and works while keepalived runs since 2.0.7. The agent tests
   * every configuration that way before it replaces the running one. (notify FIFOs and
   * vrrp_track_file, for reports, health and fencing, are 2.0.0.)
   */
  public static final KeepalivedVersion MINIMUM = new KeepalivedVersion(2, 0, 7);
  /** Assumed when the binary's version cannot be read; {@code keepalived -t} still guards the file. */
  public static final KeepalivedVersion NEWEST_KNOWN = new KeepalivedVersion(2, 3, 4);

  /** The top-level {@code track_file NAME { }} block; before 2.1.0 only {@code vrrp_track_file}. */
  static final KeepalivedVersion TRACK_FILE_BLOCK = new KeepalivedVersion(2, 1, 0);
  /** {@code check_unicast_src} in a vrrp_instance (drops adverts from addresses not in unicast_peer). */
  static final KeepalivedVersion CHECK_UNICAST_SRC = new KeepalivedVersion(2, 1, 0);
  /**
   * {@code fifo_write_vrrp_states_on_reload} in global_defs. Announced with 2.2.7 (16 January 2022);
   * the v2.2.5 and v2.2.6 tags, cut the same day and never announced, already parse it.
   */
  static final KeepalivedVersion FIFO_STATES_ON_RELOAD = new KeepalivedVersion(2, 2, 5);

  /** "2.2.7", "2.0.19", "2.3" (as 2.3.0); empty for anything else. */
  public static Optional<KeepalivedVersion> parse(String text) {
    Matcher m = NUMBERS.matcher(text == null ? "" : text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new KeepalivedVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  /** The release a version text names, the newest known one when it cannot be read. */
  public static KeepalivedVersion orNewest(String text) {
    return parse(text).orElse(NEWEST_KNOWN);
  }

  /**
   * Asks the keepalived binary for its version once ("Keepalived v2.2.7 (01/16,2022)" → "2.2.7"),
   * "unknown" when it does not say.
   *
   * @throws UnsupportedKeepalivedException for a release older than {@link #MINIMUM}
   */
  static String of(Path binary, CommandRunner commands) {
    var result = commands.run(List.of(binary.toString(), "--version"), Duration.ofSeconds(10));
    Matcher m = BANNER.matcher(result.output());
    String text = m.find() ? m.group(1) : "unknown";
    requireSupported(binary, text);
    return text;
  }

  /** Refuses a release older than {@link #MINIMUM}; an unreadable version is let through. */
  static void requireSupported(Path binary, String text) {
    Optional<KeepalivedVersion> version = parse(text);
    if (version.isPresent() && version.get().compareTo(MINIMUM) < 0) {
      throw new UnsupportedKeepalivedException("keepalived " + text + " (" + binary + ") is older than " + MINIMUM
          + ", the oldest release the agent supports: before " + MINIMUM + " 'keepalived -t' cannot check a"
          + " configuration while keepalived runs. Install keepalived " + MINIMUM + " or newer, or point"
          + " keepalivedBinary in agent.yaml at one (docs/agent.md, keepalived versions)");
    }
  }

  public boolean atLeast(KeepalivedVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(KeepalivedVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }

  /**
   * The agent cannot run with this keepalived; the message names the version found, the minimum and
   * the fix. A {@link BadSetting}: the agent stops with status 2 and this one line, before it starts
   * keepalived.
   */
  public static final class UnsupportedKeepalivedException extends BadSetting {
    private static final long serialVersionUID = 1L;

    UnsupportedKeepalivedException(String message) {
      super(message);
    }
  }
}
