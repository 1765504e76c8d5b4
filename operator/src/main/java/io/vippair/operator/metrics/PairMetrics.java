package io.vippair.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.metrics.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-pair series in the kube-state-metrics style, from the status the operator publishes:
 * vippair_pair_info (1, with the VIP and members as labels), vippair_pair_phase (one series per
 * phase, 1 on the current one) and vippair_pair_redundant (1 or 0, with a reason from a fixed set).
 * {@code pair} is NAMESPACE/NAME, as in the agent's series, so the two join on it.
 *
 * <p>The series follow the set of pairs: a pair's series go with the pair, and a changed label
 * (VIP, members, reason) replaces its old series, so nothing grows without bound. Each change
 * touches only its own pair's meters, so the cost does not grow with the fleet. Only the leader
 * publishes, so only the leader has these series.
 */
public final class PairMetrics {

  public static final Metric INFO = new Metric("vippair.pair.info",
      "One series per VipPair, value 1, labelled with its name, VIP and members");
  public static final Metric PHASE = new Metric("vippair.pair.phase",
      "1 for the VipPair's current phase, 0 for each other phase");
  public static final Metric REDUNDANT = new Metric("vippair.pair.redundant",
      "1 when both members report, are healthy and in service (MASTER or BACKUP); else 0 and reason says why");

  /** The reasons of vippair_pair_redundant, checked in this order: a fixed set, so cardinality stays low. */
  public static final String REDUNDANT_OK = "Redundant";
  public static final String SPLIT_BRAIN = "SplitBrain";
  public static final String AGENTS_NOT_REPORTING = "AgentsNotReporting";
  public static final String MEMBER_UNHEALTHY = "MemberUnhealthy";
  public static final String MEMBER_OUT_OF_SERVICE = "MemberOutOfService";
  public static final List<String> REASONS = List.of(REDUNDANT_OK, SPLIT_BRAIN, AGENTS_NOT_REPORTING, MEMBER_UNHEALTHY,
      MEMBER_OUT_OF_SERVICE);

  /** A member as the scrape targets need it. */
  public record Endpoint(String name, String instanceId, String privateIp) {}

  /** What the series of one pair show; equal rows change nothing. */
  public record PairRow(String namespace, String name, String vip, List<Endpoint> members, Phase phase, String reason) {
    String key() {
      return namespace + "/" + name;
    }

    Tags tags() {
      return Tags.of("namespace", namespace, "pair", key());
    }
  }

  /** The meters of one pair; each label change swaps only the meter it concerns. */
  private static final class Series {
    volatile PairRow row;
    Gauge info;
    Gauge redundant;
    final List<Gauge> phases = new ArrayList<>();
  }

  private final MeterRegistry registry;
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  public PairMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The published status of a pair; a pair whose spec lacks its VIP or members is left out. Costs
   * a map lookup when nothing changed, and registers only the meters whose labels changed.
   */
  public void published(VipPair pair, VipPairStatus status) {
    PairRow row = rowOf(pair, status);
    if (row == null) {
      return;
    }
    Series s = series.computeIfAbsent(row.key(), k -> new Series());
    synchronized (s) {
      PairRow old = s.row;
      if (row.equals(old)) {
        return;
      }
      s.row = row;
      if (old == null) {
        for (Phase p : Phase.values()) {
          s.phases.add(PHASE.gauge(s, x -> x.row.phase() == p ? 1 : 0).strongReference(true)
              .tags(row.tags()).tag("phase", p.name()).register(registry));
        }
      }
      if (old == null || !old.vip().equals(row.vip()) || !old.members().equals(row.members())) {
        remove(s.info);
        String members = String.join(",", row.members().stream().map(Endpoint::name).toList());
        s.info = INFO.gauge(s, x -> 1).strongReference(true)
            .tags(row.tags().and("name", row.name(), "vip", row.vip(), "members", members)).register(registry);
      }
      if (old == null || !old.reason().equals(row.reason())) {
        remove(s.redundant);
        s.redundant = REDUNDANT.gauge(s, x -> REDUNDANT_OK.equals(x.row.reason()) ? 1 : 0).strongReference(true)
            .tags(row.tags()).tag("reason", row.reason()).register(registry);
      }
    }
  }

  /** The pair NAMESPACE/NAME is deleted: its series go. */
  public void gone(String key) {
    Series s = series.remove(key);
    if (s != null) {
      synchronized (s) {
        remove(s.info);
        remove(s.redundant);
        s.phases.forEach(this::remove);
      }
    }
  }

  public Collection<PairRow> rows() {
    return series.values().stream().map(s -> s.row).filter(Objects::nonNull).toList();
  }

  private void remove(Gauge gauge) {
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  static PairRow rowOf(VipPair pair, VipPairStatus status) {
    var spec = pair.getSpec();
    if (spec == null || spec.getVip() == null || spec.getVip().getAddress() == null || spec.getMembers() == null) {
      return null;
    }
    List<Endpoint> members = new ArrayList<>();
    for (Member m : spec.getMembers()) {
      members.add(new Endpoint(m.getName(), m.getInstanceId(), m.getPrivateIp()));
    }
    // the agents write their own reports; the operator's status carries them only as it read them
    Map<String, AgentReport> agents = pair.getStatus() != null && pair.getStatus().getAgents() != null
        ? pair.getStatus().getAgents() : Map.of();
    Phase phase = status == null || status.getPhase() == null ? Phase.Pending : status.getPhase();
    return new PairRow(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), spec.getVip().getAddress(),
        List.copyOf(members), phase, redundancy(members, status, agents));
  }

  /** Why the pair is or is not redundant, one of {@link #REASONS}. */
  static String redundancy(List<Endpoint> members, VipPairStatus status, Map<String, AgentReport> agents) {
    if (isTrue(status, Conditions.SPLIT_BRAIN)) {
      return SPLIT_BRAIN;
    }
    if (!isTrue(status, Conditions.AGENTS_REPORTING) || members.stream().anyMatch(m -> agents.get(m.name()) == null)) {
      return AGENTS_NOT_REPORTING;
    }
    if (members.stream().anyMatch(m -> !Boolean.TRUE.equals(agents.get(m.name()).getHealthy()))) {
      return MEMBER_UNHEALTHY;
    }
    if (members.stream().map(m -> agents.get(m.name()).getRole())
        .anyMatch(r -> r != VrrpRole.MASTER && r != VrrpRole.BACKUP)) {
      return MEMBER_OUT_OF_SERVICE;
    }
    return REDUNDANT_OK;
  }

  private static boolean isTrue(VipPairStatus status, String type) {
    var c = status == null ? null : status.condition(type);
    return c != null && "True".equals(c.getStatus());
  }
}
