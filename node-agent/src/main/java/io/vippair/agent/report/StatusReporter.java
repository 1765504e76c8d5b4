package io.vippair.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.api.v1alpha1.StatusTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that sends due reports from the {@link ReportBook}: each a JSON merge patch of
 * {@code status.agents.<member>} only, with every field present (null for cleared ones) so that the
 * merge replaces the whole report and never leaves a stale field behind.
 */
public final class StatusReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String member;
  private final String agentVersion;
  private final String keepalivedVersion;
  private final ReportBook book;
  private final StatusPatcher patcher;
  private final AgentMetrics metrics;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean failing;

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
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("reporting failed unexpectedly", e);
      }
    }
  }

  private void send(ReportBook.Due due) {
    String body = patchBody(member, due.report(), Instant.now(), agentVersion, keepalivedVersion);
    int code;
    try {
      code = patcher.patchStatus(due.pair(), body);
    } catch (IOException e) {
      failed(due, e.getMessage());
      return;
    }
    if (code >= 200 && code < 300) {
      book.sent(due);
      if (due.transitionSeenNanos() != null) {
        metrics.reportAccepted(Duration.ofNanos(System.nanoTime() - due.transitionSeenNanos()));
      }
      if (failing) {
        log.info("reporting to the API server works again");
        failing = false;
      }
      log.debug("{}: reported {}", due.pair(), body);
    } else if (code == 404) {
      log.info("{}: the VipPair is gone from the API server; not reporting it", due.pair());
      book.abandon(due);
    } else {
      failed(due, "HTTP " + code);
    }
  }

  private void failed(ReportBook.Due due, String why) {
    metrics.reportFailed();
    book.failed(due);
    if (!failing) {
      // once per outage, not once per retry: the log must not grow with the outage
      log.warn("{}: cannot report to the API server ({}); keeping the latest state and retrying with backoff", due.pair(), why);
      failing = true;
    }
  }

  /** The merge patch body: {"status":{"agents":{member:{...every field...}}}}. */
  static String patchBody(String member, LocalReport r, Instant reportedAt, String agentVersion, String keepalivedVersion) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("role", r.role().name());
    report.put("since", r.since() == null ? null : StatusTime.format(r.since()));
    report.put("reportedAt", StatusTime.format(reportedAt));
    report.put("observedGeneration", r.observedGeneration());
    report.put("configHash", r.configHash());
    report.put("configError", r.configError());
    report.put("healthy", r.healthy());
    report.put("healthMessage", r.healthMessage());
    report.put("fenced", r.fenced());
    report.put("ack", r.ack());
    report.put("agentVersion", agentVersion);
    report.put("keepalivedVersion", keepalivedVersion);
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
