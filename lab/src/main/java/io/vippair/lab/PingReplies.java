package io.vippair.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading `ping -D` output and measuring outages from the reply times: pure functions. */
final class PingReplies {
  // [1732233333.123456] 64 bytes from 10.77.1.100: icmp_seq=1 ttl=63 time=0.050 ms
  private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)] \\d+ bytes from ([0-9.]+):.*icmp_seq=(\\d+)");

  private PingReplies() {}

  /** The time of a successful reply on this line, or empty for any other line. */
  static Optional<Instant> parse(String line) {
    Matcher m = REPLY.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    String frac = (m.group(2) + "000000000").substring(0, 9);
    return Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(frac)));
  }

  /**
   * The longest time without a successful reply that overlaps the window [from, to]: the gap
   * between two consecutive replies, or from the last reply to {@code to} when none came after.
   * replies must be in order. Zero when replies flowed all along.
   */
  static Duration longestGap(List<Instant> replies, Instant from, Instant to) {
    Instant previous = null;
    Duration longest = Duration.ZERO;
    for (Instant r : replies) {
      if (previous != null && r.isAfter(from) && previous.isBefore(to)) {
        longest = max(longest, Duration.between(previous, r));
      }
      if (r.isAfter(to)) {
        return longest;
      }
      previous = r;
    }
    // no reply after the window ended: the outage runs from the last reply (or the window's start) to its end
    Instant lastReply = previous != null ? previous : from;
    return max(longest, Duration.between(lastReply, to));
  }

  /** The icmp_seq of a successful reply on this line, or -1 for any other line. */
  static int seq(String line) {
    Matcher m = REPLY.matcher(line);
    return m.find() ? Integer.parseInt(m.group(4)) : -1;
  }

  /**
   * Echo requests that got no reply, from the sequence numbers of the replies (times and seqs of
   * the same replies, in arrival order): the seqs between the last reply before {@code from} and
   * the last one up to {@code to} that never came back. Late replies arriving out of order and
   * duplicates count once.
   */
  static long lost(List<Instant> replies, List<Integer> seqs, Instant from, Instant to) {
    java.util.TreeSet<Integer> seen = new java.util.TreeSet<>();
    Integer anchor = null;
    for (int i = 0; i < replies.size(); i++) {
      Instant t = replies.get(i);
      if (!t.isAfter(from)) {
        anchor = seqs.get(i);
      } else if (!t.isAfter(to)) {
        seen.add(seqs.get(i));
      }
    }
    if (anchor != null) {
      seen.add(anchor);
    }
    return seen.isEmpty() ? 0 : seen.last() - seen.first() + 1 - seen.size();
  }

  /** The first reply at or after t. */
  static Optional<Instant> firstAfter(List<Instant> replies, Instant t) {
    return replies.stream().filter(r -> !r.isBefore(t)).findFirst();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
