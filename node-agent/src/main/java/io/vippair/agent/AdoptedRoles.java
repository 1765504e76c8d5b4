package io.vippair.agent;

import io.vippair.agent.keepalived.KeepalivedStates;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.ReportBook;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the roles of a keepalived the agent adopted, from its state dump: a restarted agent must
 * report its roles at once, not wait for the next transition, which may never come.
 */
final class AdoptedRoles {
  private static final Logger log = LoggerFactory.getLogger(AdoptedRoles.class);
  /** How long keepalived gets to write its state dump. */
  private static final Duration DUMP_TIMEOUT = Duration.ofMillis(800);
  /** A keepalived younger than this may not handle the dump signal yet (its default action kills). */
  private static final Duration DUMP_MIN_AGE = Duration.ofSeconds(1);

  private final KeepalivedStates states;
  private final InstanceRoles roles;
  private final ReportBook book;
  private final AgentMetrics metrics;

  AdoptedRoles(KeepalivedStates states, InstanceRoles roles, ReportBook book, AgentMetrics metrics) {
    this.states = states;
    this.roles = roles;
    this.book = book;
    this.metrics = metrics;
  }

  /** Asks keepalived {@code pid} for every instance's state and puts them into the reports. */
  void read(long pid) {
    var started = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
    long youngMillis = started.map(s -> DUMP_MIN_AGE.toMillis() - Duration.between(s, Instant.now()).toMillis()).orElse(0L);
    if (youngMillis > 0) {
      sleep(youngMillis);
    }
    long asked = System.nanoTime();
    var dump = states.read(pid, DUMP_TIMEOUT);
    if (dump.isEmpty()) {
      return; // logged; the FIFO still tells every transition from now on
    }
    List<InstanceRoles.Change> changes = roles.fromDump(dump.get(), now(), asked);
    for (InstanceRoles.Change c : changes) {
      book.track(c.pair(), LocalReport.initial(now())); // before the watch: the report needs only the pair's name
      book.update(c.pair(), r -> r.withRole(c.role(), c.since()));
      metrics.role(c.pair(), c.role()); // learned from keepalived's dump, not announced: no transition counted
    }
    log.info("learned {} instance states from keepalived pid {} in {} ms: {}", dump.get().size(), pid,
        (System.nanoTime() - asked) / 1_000_000, changes.stream().map(c -> c.pair() + " " + c.role()).toList());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
