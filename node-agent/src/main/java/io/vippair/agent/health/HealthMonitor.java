package io.vippair.agent.health;

import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each pair's health check on its interval and tells the listener when the pair's verdict
 * (after fall/rise) changes. Changing a pair's plan starts its check over; an unchanged plan keeps
 * running undisturbed.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  public interface Listener {
    /** message says why when unhealthy; null when healthy. */
    void healthChanged(PairKey pair, boolean healthy, String message);
  }

  private final class Running {
    final HealthPlan plan;
    final ScheduledFuture<?> future;
    FallRise state;

    Running(PairKey pair, HealthPlan plan) {
      this.plan = plan;
      this.state = FallRise.initial(plan.fall(), plan.rise());
      this.future = executor.scheduleWithFixedDelay(() -> runOnce(pair, this), 0, plan.interval().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private final ScheduledExecutorService executor;
  private final Listener listener;
  private final AgentMetrics metrics;
  private final Map<PairKey, Running> running = new ConcurrentHashMap<>();
  /** Pairs without a health check (healthy while keepalived runs). */
  private final Set<PairKey> unchecked = ConcurrentHashMap.newKeySet();

  public HealthMonitor(ScheduledExecutorService executor, Listener listener, AgentMetrics metrics) {
    this.executor = executor;
    this.listener = listener;
    this.metrics = metrics;
  }

  /** Checks pair with plan from now on; null plan means "no check: healthy". */
  public synchronized void set(PairKey pair, HealthPlan plan) {
    Running current = running.get(pair);
    if (current != null && current.plan.equals(plan)) {
      return;
    }
    if (plan == null && unchecked.contains(pair)) {
      return;
    }
    stop(pair);
    if (plan == null) {
      unchecked.add(pair);
      metrics.healthy(pair, true);
      listener.healthChanged(pair, true, null);
      return;
    }
    unchecked.remove(pair);
    log.info("{}: health check {} every {} s (fall {}, rise {})", pair, plan.check().describe(),
        plan.interval().toSeconds(), plan.fall(), plan.rise());
    running.put(pair, new Running(pair, plan));
  }

  public synchronized void remove(PairKey pair) {
    stop(pair);
    unchecked.remove(pair);
  }

  private void stop(PairKey pair) {
    Running old = running.remove(pair);
    if (old != null) {
      old.future.cancel(false);
    }
  }

  private void runOnce(PairKey pair, Running run) {
    CheckResult result;
    try {
      result = run.plan.check().run();
    } catch (RuntimeException e) {
      result = CheckResult.fail(run.plan.check().describe() + " could not run: " + e);
    }
    boolean changed;
    synchronized (this) {
      if (running.get(pair) != run) {
        return; // the plan changed while this check ran
      }
      metrics.healthCheck(pair, result.passed());
      Boolean before = run.state.healthy();
      run.state = run.state.next(result.passed());
      changed = !Objects.equals(before, run.state.healthy());
    }
    if (changed) {
      boolean healthy = run.state.isHealthy();
      if (healthy) {
        log.info("{}: healthy ({})", pair, result.message());
      } else {
        log.warn("{}: unhealthy: {}", pair, result.message());
      }
      metrics.healthy(pair, healthy);
      listener.healthChanged(pair, healthy, healthy ? null : result.message());
    }
  }

  @Override
  public synchronized void close() {
    List.copyOf(running.keySet()).forEach(this::stop);
  }
}
