package io.vippair.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.common.BuildInfo;
import io.vippair.common.metrics.Metric;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's own meters, named in {@link Metric}'s dotted convention (Prometheus shows them as
 * vippair_failovers_total, vippair_failover_seconds, vippair_pairs, vippair_split_brain,
 * vippair_cloud_conflicts, vippair_havip_binding_lagging, vippair_reconcile_seconds, vippair_leader). The gauges are computed from the last published
 * state of each pair, so a pair counts once however often it is reconciled.
 */
public final class OperatorMetrics {

  public static final Metric FAILOVER = new Metric("vippair.failover",
      "From the new master's VRRP MASTER report to the cloud confirming the VIP on its ENI");
  public static final Metric FAILOVERS = new Metric("vippair.failovers", "Failovers the cloud confirmed");
  public static final Metric RECONCILE = new Metric("vippair.reconcile", "Time of one VipPair reconcile, cloud calls included");
  public static final Metric PAIRS = new Metric("vippair.pairs", "VipPairs by phase");
  public static final Metric SPLIT_BRAIN = new Metric("vippair.split.brain", "Pairs in split brain now (both members alive and MASTER)");
  public static final Metric CLOUD_CONFLICTS = new Metric("vippair.cloud.conflicts",
      "Pairs whose VIP the cloud shows on an ENI that is not a member");
  public static final Metric HAVIP_BINDING_LAGGING = new Metric("vippair.havip.binding.lagging",
      "HAVIP pairs whose binding has not followed the master within the warning threshold (rule H3)");
  public static final Metric LEADER = new Metric("vippair.leader",
      "1 on the replica that holds the operator Lease (or runs without leader election)");

  /** What the gauges need to know about one pair after its last reconcile. */
  public record PairState(Phase phase, boolean splitBrain, boolean cloudConflict, boolean haVipLagging) {
    public PairState(Phase phase, boolean splitBrain, boolean cloudConflict) {
      this(phase, splitBrain, cloudConflict, false);
    }
  }

  private final MeterRegistry registry;
  private final Timer failoverTime;
  private final Timer reconcileTime;
  private final Map<String, PairState> pairs = new ConcurrentHashMap<>();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final PairMetrics pairSeries;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    BuildInfo.register(registry, "operator");
    this.pairSeries = new PairMetrics(registry);
    this.failoverTime = FAILOVER.timer()
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    this.reconcileTime = RECONCILE.timer()
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    for (Phase phase : Phase.values()) {
      PAIRS.gauge(pairs, m -> m.values().stream().filter(p -> p.phase() == phase).count())
          .tag("phase", phase.name())
          .register(registry);
    }
    SPLIT_BRAIN.gauge(pairs, m -> m.values().stream().filter(PairState::splitBrain).count())
        .register(registry);
    CLOUD_CONFLICTS.gauge(pairs, m -> m.values().stream().filter(PairState::cloudConflict).count())
        .register(registry);
    HAVIP_BINDING_LAGGING.gauge(pairs, m -> m.values().stream().filter(PairState::haVipLagging).count())
        .register(registry);
    LEADER.gauge(leader, l -> l.get() ? 1 : 0)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void failoverCompleted(String namespace, String reason, Duration took) {
    FAILOVERS.counter()
        .tag("namespace", namespace)
        .tag("reason", reason == null ? "Unknown" : reason)
        .register(registry)
        .increment();
    if (took != null && !took.isNegative()) {
      failoverTime.record(took);
    }
  }

  public void reconciled(Duration took) {
    reconcileTime.record(took);
  }

  public void pairState(String key, PairState state) {
    pairs.put(key, state);
  }

  public void pairGone(String key) {
    pairs.remove(key);
    pairSeries.gone(key);
  }

  /** The per-pair series (info, phase, redundancy) and the agents' scrape targets they feed. */
  public PairMetrics pairs() {
    return pairSeries;
  }

  public void leading(boolean leading) {
    leader.set(leading);
  }

  public boolean isLeading() {
    return leader.get();
  }
}
