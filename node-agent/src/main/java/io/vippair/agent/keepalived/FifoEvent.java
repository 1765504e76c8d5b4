package io.vippair.agent.keepalived;

import io.vippair.api.v1alpha1.VrrpRole;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line of keepalived's notify FIFO about a VRRP instance, e.g. {@code INSTANCE "VP_db_mysql" MASTER 100}. */
public record FifoEvent(String instance, VrrpRole role, int priority) {
  private static final Pattern LINE = Pattern.compile("^INSTANCE \"([^\"]+)\" ([A-Z_]+) (\\d+)$");

  /** The event on this line, or empty for other lines (groups, virtual servers, unknown states). */
  public static Optional<FifoEvent> parse(String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    VrrpRole role;
    try {
      role = VrrpRole.valueOf(m.group(2));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (role == VrrpRole.UNKNOWN) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FifoEvent(m.group(1), role, Integer.parseInt(m.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
