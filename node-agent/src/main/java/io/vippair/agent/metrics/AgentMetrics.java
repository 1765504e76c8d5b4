package io.vippair.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.BuildInfo;
import io.vippair.common.metrics.Metric;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's metrics, named in {@link Metric}'s dotted convention; Prometheus shows them as
 * vippair_agent_*, names fixed by the project contract. Per-pair series are removed with the pair,
 * so the number of series stays bounded by the pairs the VM is a member of.
 */
public final class AgentMetrics {
  public static final Metric KEEPALIVED_RESTARTS = new Metric("vippair.agent.keepalived.restarts",
      "Times keepalived died and the agent started it again");
  public static final Metric REPORT = new Metric("vippair.agent.report",
      "From a VRRP transition seen on the notify FIFO to the report accepted by the API server");
  public static final Metric REPORT_FAILURES = new Metric("vippair.agent.report.failures",
      "Status reports the API server did not accept (they are retried)");
  public static final Metric PROBE_ANSWERS = new Metric("vippair.agent.probe.answers",
      "Liveness probes from the operator this agent answered");
  public static final Metric TRANSITIONS = new Metric("vippair.agent.transitions", "VRRP transitions keepalived announced");
  public static final Metric CONFIG_RELOADS = new Metric("vippair.agent.config.reloads",
      "keepalived configurations applied or rejected by keepalived -t");
  public static final Metric HEALTH_CHECKS = new Metric("vippair.agent.health.checks", "Health check runs");
  public static final Metric VRRP_ROLE = new Metric("vippair.agent.vrrp.role",
      "1 for the pair's current VRRP state on this member (as keepalived last announced it), 0 for the other states");
  public static final Metric NOTIFY_HOOK = new Metric("vippair.agent.notify.hook",
      "Notify hook runs by pair, hook and result (ok, failed, timeout, rejected), with how long each took");
  public static final Metric NOTIFY_HOOK_EXIT = new Metric("vippair.agent.notify.hook.exit.code",
      "The exit status of the hook's last run for the pair; -1 when it was killed after its timeout");
  public static final Metric HEALTHY = new Metric("vippair.agent.healthy", "1 while the pair's health check passes on this member");

  private final MeterRegistry registry;
  private final Counter restarts;
  private final Timer reportLatency;
  private final Counter reportFailures;
  private final Counter probeAnswers;
  private final Map<PairKey, AtomicInteger> healthy = new ConcurrentHashMap<>();
  private final Map<PairKey, AtomicReference<VrrpRole>> roles = new ConcurrentHashMap<>();
  private final Map<PairKey, Map<String, AtomicInteger>> hookExits = new ConcurrentHashMap<>();

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    BuildInfo.register(registry, "agent");
    restarts = KEEPALIVED_RESTARTS.counter().register(registry);
    reportLatency = REPORT.timer()
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    reportFailures = REPORT_FAILURES.counter().register(registry);
    probeAnswers = PROBE_ANSWERS.counter().register(registry);
    for (String result : new String[] {"applied", "rejected"}) {
      configReloads(result);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void transition(PairKey pair, VrrpRole state) {
    TRANSITIONS.counter().tag("pair", pair.toString()).tag("state", state.name()).register(registry).increment();
    role(pair, state);
  }

  /** The pair's current VRRP state, as a gauge, so "which pairs are MASTER here" needs no counter arithmetic. */
  public void role(PairKey pair, VrrpRole state) {
    roles.computeIfAbsent(pair, p -> {
      var current = new AtomicReference<>(VrrpRole.UNKNOWN);
      for (VrrpRole role : VrrpRole.values()) {
        VRRP_ROLE.gauge(current, c -> c.get() == role ? 1 : 0)
            .tag("pair", p.toString()).tag("role", role.name()).register(registry);
      }
      return current;
    }).set(state);
  }

  /** Every known pair is now in this state (keepalived is gone: FAULT), without a transition. */
  public void allRoles(VrrpRole state) {
    roles.values().forEach(r -> r.set(state));
  }

  public void keepalivedRestarted() {
    restarts.increment();
  }

  public void configReload(boolean applied) {
    configReloads(applied ? "applied" : "rejected").increment();
  }

  private Counter configReloads(String result) {
    return CONFIG_RELOADS.counter().tag("result", result).register(registry);
  }

  public void healthCheck(PairKey pair, boolean passed) {
    HEALTH_CHECKS.counter().tag("pair", pair.toString()).tag("result", passed ? "pass" : "fail")
        .register(registry).increment();
  }

  public void healthy(PairKey pair, boolean isHealthy) {
    healthy.computeIfAbsent(pair, p -> {
      var value = new AtomicInteger();
      HEALTHY.gauge(value, AtomicInteger::get).tag("pair", p.toString()).register(registry);
      return value;
    }).set(isHealthy ? 1 : 0);
  }

  /** One run of a notify hook: its result, exit status and duration. */
  public void notifyHook(PairKey pair, String hook, String result, int exitCode, Duration took) {
    NOTIFY_HOOK.timer().tag("pair", pair.toString()).tag("hook", hook).tag("result", result).register(registry).record(took);
    hookExits.computeIfAbsent(pair, p -> new ConcurrentHashMap<>()).computeIfAbsent(hook, h -> {
      var value = new AtomicInteger();
      NOTIFY_HOOK_EXIT.gauge(value, AtomicInteger::get).tag("pair", pair.toString()).tag("hook", h).register(registry);
      return value;
    }).set(exitCode);
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
    roles.remove(pair);
    hookExits.remove(pair);
    registry.getMeters().stream()
        .filter(m -> pair.toString().equals(m.getId().getTag("pair")))
        .toList()
        .forEach(registry::remove);
  }
}
