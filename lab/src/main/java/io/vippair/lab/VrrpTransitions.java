package io.vippair.lab;

import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counting VRRP state changes from the roles the agents reported (as the lab's own watch saw them
 * arrive): pure functions. Only keepalived's states count (MASTER, BACKUP, FAULT, STOP); UNKNOWN
 * is the agent not knowing, not a state of keepalived, so BACKUP, UNKNOWN, BACKUP is no change and
 * MASTER, UNKNOWN, BACKUP is one. Reports coalesce changes that happen faster than an agent
 * reports, so this is a lower bound; the scenarios that expect none also check keepalived itself
 * ({@link KeepalivedDump}).
 */
final class VrrpTransitions {
  static final Set<VrrpRole> STATES = Set.of(VrrpRole.MASTER, VrrpRole.BACKUP, VrrpRole.FAULT, VrrpRole.STOP);

  /** One reported role, when the lab saw it. */
  record RoleSeen(Instant at, String pair, String member, VrrpRole role) {}

  private VrrpTransitions() {}

  /** State changes of the pair's members seen in [from, to], each member's last state before from as the start. */
  static long count(List<RoleSeen> seen, String pair, Instant from, Instant to) {
    Map<String, VrrpRole> last = new LinkedHashMap<>();
    long changes = 0;
    for (RoleSeen s : seen) {
      if (!s.pair().equals(pair) || s.at().isAfter(to) || s.role() == null || !STATES.contains(s.role())) {
        continue;
      }
      VrrpRole before = last.put(s.member(), s.role());
      if (!s.at().isBefore(from) && before != null && before != s.role()) {
        changes++;
      }
    }
    return changes;
  }

  /** The pair's sole reported MASTER over time, from [from, to]: who it was and from when (null: none or two). */
  record Mastership(Instant from, String master) {}

  static List<Mastership> masters(List<RoleSeen> seen, String pair, Instant from, Instant to) {
    Map<String, VrrpRole> roles = new LinkedHashMap<>();
    List<Mastership> out = new ArrayList<>();
    String current = null;
    boolean started = false;
    for (RoleSeen s : seen) {
      if (!s.pair().equals(pair) || s.at().isAfter(to)) {
        continue;
      }
      roles.put(s.member(), s.role());
      List<String> ms = roles.entrySet().stream().filter(e -> e.getValue() == VrrpRole.MASTER).map(Map.Entry::getKey).toList();
      String now = ms.size() == 1 ? ms.get(0) : null;
      if (!s.at().isBefore(from)) {
        if (!started) {
          out.add(new Mastership(from, current));
          started = true;
        }
        if (!java.util.Objects.equals(now, current)) {
          out.add(new Mastership(s.at(), now));
        }
      }
      current = now;
    }
    if (!started) {
      out.add(new Mastership(from, current));
    }
    return out;
  }

  /**
   * Master changes that settled: the pair's sole master changed to another member (compared with
   * the last settled master) and that member stayed sole master for at least {@code settle} (or
   * until {@code to}, when it still was then). Short interregnums without a sole master do not
   * end a tenure's count: A, none, A is no change.
   */
  static long settledChanges(List<Mastership> masters, Instant to, java.time.Duration settle) {
    String settled = masters.isEmpty() ? null : masters.get(0).master();
    long changes = 0;
    for (int i = 1; i < masters.size(); i++) {
      Mastership m = masters.get(i);
      if (m.master() == null || m.master().equals(settled)) {
        continue;
      }
      Instant end = i + 1 < masters.size() ? masters.get(i + 1).from() : to;
      boolean lasted = java.time.Duration.between(m.from(), end).compareTo(settle) >= 0 || i + 1 == masters.size();
      if (lasted) {
        changes++;
        settled = m.master();
      }
    }
    return changes;
  }
}
