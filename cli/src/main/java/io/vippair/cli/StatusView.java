package io.vippair.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.LastFailover;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/** What `vippair status` prints: pure functions of the pairs, their events and the clock. */
public final class StatusView {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private StatusView() {}

  /** The fleet table; with allNamespaces a NAMESPACE column comes first. */
  public static String fleet(List<VipPair> pairs, boolean allNamespaces, Instant now) {
    Table t = allNamespaces
        ? new Table("", "NAMESPACE", "PAIR", "VIP", "MASTER", "CLOUD-OWNER", "PHASE", "REDUNDANT", "LAST-FAILOVER", "TOOK")
        : new Table("", "PAIR", "VIP", "MASTER", "CLOUD-OWNER", "PHASE", "REDUNDANT", "LAST-FAILOVER", "TOOK");
    pairs.stream()
        .sorted(Comparator.comparing((VipPair p) -> p.getMetadata().getNamespace()).thenComparing(p -> p.getMetadata().getName()))
        .forEach(p -> {
          VipPairStatus s = p.getStatus() == null ? new VipPairStatus() : p.getStatus();
          LastFailover f = s.getLastFailover();
          String last = f == null ? "never" : f.getFrom() + "->" + f.getTo() + " " + Timeline.age(f.getCloudAt(), now) + " ago";
          String took = f == null ? "-" : Timeline.millis(f.getMillis());
          Object[] cells = {p.getMetadata().getName(), p.getSpec().getVip().getAddress(), s.getMaster(), s.getCloudOwner(),
              s.getPhase() == null ? "Pending" : s.getPhase().name(), Redundancy.summary(p), last, took};
          if (allNamespaces) {
            Object[] withNs = new Object[cells.length + 1];
            withNs[0] = p.getMetadata().getNamespace();
            System.arraycopy(cells, 0, withNs, 1, cells.length);
            cells = withNs;
          }
          t.row(cells);
        });
    return t.size() == 0 ? "" : t.render();
  }

  /** One pair in kubectl-describe style: summary, members' reports, conditions, event timeline. */
  public static String describe(VipPair p, List<Event> events, Instant now) {
    VipPairStatus s = p.getStatus() == null ? new VipPairStatus() : p.getStatus();
    var spec = p.getSpec();
    StringBuilder out = new StringBuilder();
    field(out, "Pair", p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
    field(out, "VIP", spec.getVip().getAddress() + " in " + spec.getCloud().getVpcId() + " (" + spec.getCloud().getRegion() + ")");
    String policy = spec.getFailover().getPolicy().name();
    if (spec.getFailover().getPreferredMember() != null) {
      policy += " (prefers " + spec.getFailover().getPreferredMember() + ", preempt delay "
          + spec.getFailover().effectivePreemptDelaySeconds() + "s)";
    }
    field(out, "Policy", policy);
    field(out, "Phase", (s.getPhase() == null ? "Pending" : s.getPhase().name())
        + "   (generation " + p.getMetadata().getGeneration() + ", operator saw " + s.getObservedGeneration() + ")");
    field(out, "Master", s.getMaster());
    field(out, "Cloud owner", s.getCloudOwner());
    field(out, "Redundant", Redundancy.summary(p));
    Migration m = s.getMigration();
    field(out, "In flight", m == null ? "nothing"
        : m.getKind() + " " + (m.getSource() == null ? "" : m.getSource() + " -> ") + m.getTarget()
          + " (" + m.getReason() + ", issued " + Timeline.age(m.getIssuedAt(), now) + " ago, task " + m.getTaskId() + ")");
    LastFailover f = s.getLastFailover();
    field(out, "Failovers", (s.getFailovers() == null ? 0 : s.getFailovers()) + (f == null ? "" : "   last: " + f.getFrom() + " -> "
        + f.getTo() + ", " + f.getReason() + ", took " + Timeline.millis(f.getMillis()) + ", " + Timeline.age(f.getCloudAt(), now) + " ago"));
    if (s.getProbe() != null) {
      field(out, "Probe", s.getProbe().getMember() + " (deadline " + s.getProbe().getDeadline() + ")");
    }
    if (s.getFence() != null) {
      field(out, "Fence", s.getFence().getMember() + " (" + s.getFence().getReason() + ", since " + s.getFence().getSince() + ")");
    }

    out.append("Members:\n");
    Table members = new Table("  ", "MEMBER", "IP", "ENI", "ROLE", "SINCE", "HEALTHY", "FENCED", "CONFIG-GEN", "REPORTED", "AGENT", "KEEPALIVED");
    StringBuilder notes = new StringBuilder();
    for (Member mem : spec.getMembers()) {
      AgentReport r = s.getAgents() == null ? null : s.getAgents().get(mem.getName());
      if (r == null) {
        members.row(mem.getName(), mem.getPrivateIp(), mem.getNetworkInterfaceId(), "no report", "-", "-", "-", "-", "-", "-", "-");
        continue;
      }
      members.row(mem.getName(), mem.getPrivateIp(), mem.getNetworkInterfaceId(), r.getRole(),
          r.getSince() == null ? "-" : Timeline.age(r.getSince(), now) + " ago", r.getHealthy(), r.getFenced() == null ? false : r.getFenced(),
          r.getObservedGeneration(), r.getReportedAt() == null ? "-" : Timeline.age(r.getReportedAt(), now) + " ago",
          r.getAgentVersion(), r.getKeepalivedVersion());
      if (r.getHealthMessage() != null && !r.getHealthMessage().isBlank()) {
        notes.append("  ").append(mem.getName()).append(" health: ").append(r.getHealthMessage()).append('\n');
      }
      if (r.getConfigError() != null && !r.getConfigError().isBlank()) {
        notes.append("  ").append(mem.getName()).append(" config rejected: ").append(r.getConfigError()).append('\n');
      }
    }
    out.append(members.render()).append(notes);

    out.append("Conditions:\n");
    Table conds = new Table("  ", "TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
    for (Condition c : s.getConditions() == null ? List.<Condition>of() : s.getConditions()) {
      conds.row(c.getType(), c.getStatus(), c.getReason(), Timeline.age(c.getLastTransitionTime(), now) + " ago", c.getMessage());
    }
    out.append(conds.size() == 0 ? "  none published yet\n" : conds.render());

    out.append("Events (oldest first):\n");
    Table ev = new Table("  ", "TIME", "AGE", "TYPE", "REASON", "FROM", "MESSAGE");
    for (Event e : events) {
      Instant at = Timeline.when(e);
      String from = e.getReportingComponent() != null && !e.getReportingComponent().isBlank() ? e.getReportingComponent()
          : e.getSource() == null ? null : e.getSource().getComponent();
      ev.row(CLOCK.format(at), Timeline.age(at, now), e.getType(), e.getReason(), from,
          e.getMessage() + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""));
    }
    out.append(ev.size() == 0 ? "  none (the API server keeps events for about an hour)\n" : ev.render());
    return out.toString();
  }

  private static void field(StringBuilder out, String name, Object value) {
    out.append(String.format("%-13s%s%n", name + ":", value == null ? "-" : value));
  }
}
