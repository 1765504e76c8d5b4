package io.vippair.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's metrics (names fixed by the project contract). Per-pair series are removed with the
 * pair, so the number of series stays bounded by the pairs the VM is a member of.
 */
public final class AgentMetrics {
  private final MeterRegistry registry;
  private final Counter restarts;
  private final Timer reportLatency;
  private final Counter reportFailures;
  private final Counter probeAnswers;
  private final Map<PairKey, AtomicInteger> healthy = new ConcurrentHashMap<>();

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    restarts = Counter.builder("vippair_agent_keepalived_restarts")
        .description("Times keepalived died and the agent started it again").register(registry);
    reportLatency = Timer.builder("vippair_agent_report_seconds")
        .description("From a VRRP transition seen on the notify FIFO to the report accepted by the API server")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    reportFailures = Counter.builder("vippair_agent_report_failures")
        .description("Status reports the API server did not accept (they are retried)").register(registry);
    probeAnswers = Counter.builder("vippair_agent_probe_answers")
        .description("Liveness probes from the operator this agent answered").register(registry);
    for (String result : new String[] {"applied", "rejected"}) {
      configReloads(result);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void transition(PairKey pair, VrrpRole state) {
    Counter.builder("vippair_agent_transitions").tag("pair", pair.toString()).tag("state", state.name())
        .description("VRRP transitions keepalived announced").register(registry).increment();
  }

  public void keepalivedRestarted() {
    restarts.increment();
  }

  public void configReload(boolean applied) {
    configReloads(applied ? "applied" : "rejected").increment();
  }

  private Counter configReloads(String result) {
    return Counter.builder("vippair_agent_config_reloads").tag("result", result)
        .description("keepalived configurations applied or rejected by keepalived -t").register(registry);
  }

  public void healthCheck(PairKey pair, boolean passed) {
    Counter.builder("vippair_agent_health_checks").tag("pair", pair.toString()).tag("result", passed ? "pass" : "fail")
        .description("Health check runs").register(registry).increment();
  }

  public void healthy(PairKey pair, boolean isHealthy) {
    healthy.computeIfAbsent(pair, p -> {
      var value = new AtomicInteger();
      Gauge.builder("vippair_agent_healthy", value, AtomicInteger::get).tag("pair", p.toString())
          .description("1 while the pair's health check passes on this member").register(registry);
      return value;
    }).set(isHealthy ? 1 : 0);
  }

  public void reportAccepted(Duration sinceTransition) {
    reportLatency.record(sinceTransition);
  }

  public void reportFailed() {
    reportFailures.increment();
  }

  public void probeAnswered() {
    probeAnswers.increment();
  }

  /** Drops every series of a pair that is gone. */
  public void removePair(PairKey pair) {
    healthy.remove(pair);
    registry.getMeters().stream()
        .filter(m -> pair.toString().equals(m.getId().getTag("pair")))
        .toList()
        .forEach(registry::remove);
  }
}
