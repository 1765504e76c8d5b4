package io.vippair.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
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
 * (VIP, members, reason) replaces its old series, so nothing grows without bound. Only the leader
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

  private final Map<String, PairRow> rows = new ConcurrentHashMap<>();
  private final MultiGauge info;
  private final MultiGauge phase;
  private final MultiGauge redundant;

  public PairMetrics(MeterRegistry registry) {
    this.info = MultiGauge.builder(INFO.name()).description(INFO.help()).register(registry);
    this.phase = MultiGauge.builder(PHASE.name()).description(PHASE.help()).register(registry);
    this.redundant = MultiGauge.builder(REDUNDANT.name()).description(REDUNDANT.help()).register(registry);
  }

  /** The published status of a pair; a pair whose spec lacks its VIP or members is left out. */
  public void published(VipPair pair, VipPairStatus status) {
    PairRow row = rowOf(pair, status);
    if (row != null && !row.equals(rows.put(row.key(), row))) {
      refresh();
    }
  }

  /** The pair NAMESPACE/NAME is deleted: its series go. */
  public void gone(String key) {
    if (rows.remove(key) != null) {
      refresh();
    }
  }

  public Collection<PairRow> rows() {
    return List.copyOf(rows.values());
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

  /**
   * Re-registers the rows of all pairs; MultiGauge drops the series no row names any more. Runs
   * only when a row changed, under a lock so that the last refresh reflects the last change.
   */
  private synchronized void refresh() {
    List<MultiGauge.Row<?>> infoRows = new ArrayList<>();
    List<MultiGauge.Row<?>> phaseRows = new ArrayList<>();
    List<MultiGauge.Row<?>> redundantRows = new ArrayList<>();
    for (PairRow r : rows.values()) {
      String members = String.join(",", r.members().stream().map(Endpoint::name).toList());
      infoRows.add(MultiGauge.Row.of(r.tags().and("name", r.name(), "vip", r.vip(), "members", members), 1));
      for (Phase p : Phase.values()) {
        phaseRows.add(MultiGauge.Row.of(r.tags().and("phase", p.name()), p == r.phase() ? 1 : 0));
      }
      redundantRows.add(MultiGauge.Row.of(r.tags().and("reason", r.reason()),
          Objects.equals(REDUNDANT_OK, r.reason()) ? 1 : 0));
    }
    info.register(infoRows, true);
    phase.register(phaseRows, true);
    redundant.register(redundantRows, true);
  }
}
