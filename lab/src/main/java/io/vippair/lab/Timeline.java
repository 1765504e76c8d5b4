package io.vippair.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What happened when, from every vantage point the lab has; bounded (oldest events dropped). */
final class Timeline {
  private static final int MAX_EVENTS = 5000;

  /** Where an event was seen. */
  enum Kind {
    /** Something the lab did (kill, block, heal). */
    LAB,
    /** keepalived changed state (the agent report's since). */
    VRRP,
    /** An agent report reached the API server (reportedAt; the lab's watch saw it at seenAt). */
    REPORT,
    /** The operator started a cloud change (status.migration appeared). */
    DECISION,
    /** The cloud emulator received a MigratePrivateIpAddress/Assign request. */
    CLOUD_CALL,
    /** The emulator's ownership listener: the router now sends the VIP to this ENI. */
    OWNERSHIP,
    /** The client's first successful ping after the event. */
    PING,
    /** The operator's status shows the pair's phase. */
    PHASE
  }

  record Event(Instant at, Kind kind, String pair, String text) {}

  private final ArrayDeque<Event> events = new ArrayDeque<>();

  synchronized void add(Instant at, Kind kind, String pair, String text) {
    if (events.size() == MAX_EVENTS) {
      events.removeFirst();
    }
    events.addLast(new Event(at, kind, pair, text));
  }

  void add(Kind kind, String pair, String text) {
    add(Instant.now(), kind, pair, text);
  }

  synchronized List<Event> since(Instant t) {
    return events.stream().filter(e -> !e.at().isBefore(t)).sorted(Comparator.comparing(Event::at)).toList();
  }

  /** The first event at or after t that matches. */
  Optional<Event> first(Instant t, Predicate<Event> match) {
    return since(t).stream().filter(match).findFirst();
  }

  long count(Instant t, Predicate<Event> match) {
    return since(t).stream().filter(match).count();
  }

  /** The events since t for one pair (or all when pair is null), one per line, times relative to t. */
  String render(Instant t, String pair) {
    var sb = new StringBuilder();
    for (Event e : since(t)) {
      if (pair != null && e.pair() != null && !e.pair().equals(pair)) {
        continue;
      }
      long ms = Duration.between(t, e.at()).toMillis();
      sb.append(String.format("  %+8d ms  %-10s %-6s %s%n", ms, e.kind(), e.pair() == null ? "-" : e.pair(), e.text()));
    }
    return sb.toString();
  }
}
