package io.vippair.agent.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.StatusTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that sends due reports from the {@link ReportBook}: each a JSON merge patch of
 * {@code status.agents.<member>} only, with every field of {@link AgentReport} present (null for
 * cleared ones) so that the merge replaces the whole report and never leaves a stale field behind.
 *
 * <p>Every attempt has a deadline: {@link #TIMEOUT} normally, {@link #PROBE_TIMEOUT} while the API
 * server is unreachable, so an attempt that went out into a dead network cannot hold the next one
 * back for long once the API server returns.
 */
public final class StatusReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  /** How long after an accepted report the watch may still show an older one of ours without a resend. */
  static final Duration OVERWRITE_SETTLE = Duration.ofSeconds(2);
  /** AgentReport leaves out nulls; a merge patch needs them to clear a field. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface EveryField {}

  private static final ObjectMapper JSON = new ObjectMapper().addMixIn(AgentReport.class, EveryField.class);

  private final String member;
  private final String agentVersion;
  private final String keepalivedVersion;
  private final ReportBook book;
  private final StatusPatcher patcher;
  private final AgentMetrics metrics;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean failing;
  private volatile Runnable onReturn = () -> { };

  public StatusReporter(String member, String agentVersion, String keepalivedVersion, ReportBook book,
      StatusPatcher patcher, AgentMetrics metrics) {
    this.member = member;
    this.agentVersion = agentVersion;
    this.keepalivedVersion = keepalivedVersion;
    this.book = book;
    this.patcher = patcher;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "status-reporter");
    thread.setDaemon(true);
  }

  /** Called when a report gets through after failures (the API server is back). */
  public void onReturn(Runnable action) {
    this.onReturn = action;
  }

  public void start() {
    thread.start();
  }

  /** Whether the last attempt to report failed (for /healthz). */
  public boolean failing() {
    return failing;
  }

  private void run() {
    while (!closed) {
      try {
        book.awaitDue(Duration.ofSeconds(1)).ifPresent(this::send);
        int resent = book.resendOverwritten(OVERWRITE_SETTLE);
        if (resent > 0) {
          log.warn("the API server shows {} report(s) of ours older than the last it accepted (a late earlier write); sending them again", resent);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("reporting failed unexpectedly", e);
      }
    }
  }

  private void send(ReportBook.Due due) {
    Instant reportedAt = Instant.now();
    String body = patchBody(member, due.report(), reportedAt, agentVersion, keepalivedVersion);
    int code;
    try {
      code = patcher.patchStatus(due.pair(), body, book.isUnreachable() ? PROBE_TIMEOUT : TIMEOUT);
    } catch (IOException e) {
      book.unreachable();
      failed(due, e.getMessage());
      return;
    }
    if (code >= 200 && code < 300) {
      book.sent(due, StatusTime.parse(StatusTime.format(reportedAt))); // as the API server shows it
      if (due.transitionSeenNanos() != null) {
        metrics.reportAccepted(Duration.ofNanos(System.nanoTime() - due.transitionSeenNanos()));
      }
      if (failing) {
        log.info("reporting to the API server works again");
        failing = false;
        onReturn.run();
      }
      log.debug("{}: reported {}", due.pair(), body);
    } else if (code == 429 || code >= 500) {
      book.unreachable(); // it cannot serve now: the same gentle cadence as an outage
      failed(due, "HTTP " + code);
    } else if (code == 404) {
      log.info("{}: the VipPair is gone from the API server; not reporting it", due.pair());
      book.abandon(due);
    } else {
      book.failed(due);
      failed(due, "HTTP " + code);
    }
  }

  private void failed(ReportBook.Due due, String why) {
    metrics.reportFailed();
    if (!failing) {
      // once per outage, not once per retry: the log must not grow with the outage
      log.warn("{}: cannot report to the API server ({}); keeping the latest state and retrying with backoff", due.pair(), why);
      failing = true;
    }
  }

  /** Loads the serialization path once, off the path of the first report. */
  public static void warmUp() {
    patchBody("warm-up", LocalReport.initial(Instant.EPOCH), Instant.EPOCH, "", "");
  }

  /** The merge patch body: {"status":{"agents":{member:{...every AgentReport field...}}}}. */
  static String patchBody(String member, LocalReport r, Instant reportedAt, String agentVersion, String keepalivedVersion) {
    var report = new AgentReport();
    report.setRole(r.role());
    report.setSince(r.since() == null ? null : StatusTime.format(r.since()));
    report.setReportedAt(StatusTime.format(reportedAt));
    report.setObservedGeneration(r.observedGeneration());
    report.setConfigHash(r.configHash());
    report.setConfigError(r.configError());
    report.setHealthy(r.healthy());
    report.setHealthMessage(r.healthMessage());
    report.setNotifyError(r.notifyError());
    report.setFenced(r.fenced());
    report.setAck(r.ack());
    report.setSwitchoverReady(r.switchoverReady());
    report.setSwitchoverVipHeld(r.switchoverVipHeld());
    report.setAnnounced(r.announced());
    report.setAgentVersion(agentVersion);
    report.setKeepalivedVersion(keepalivedVersion);
    try {
      return JSON.writeValueAsString(Map.of("status", Map.of("agents", Map.of(member, report))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a report", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
