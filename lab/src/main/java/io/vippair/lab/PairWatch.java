package io.vippair.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's own watch on the VipPairs: turns status changes into timeline events (VRRP
 * transitions, agent reports, operator decisions, phases) and keeps the latest object per pair.
 */
final class PairWatch implements AutoCloseable {
  private final Timeline timeline;
  private final Map<String, VipPair> latest = new ConcurrentHashMap<>();
  /** Every reported role change, as the lab saw it arrive (bounded: the oldest dropped). */
  private final java.util.ArrayDeque<VrrpTransitions.RoleSeen> roles = new java.util.ArrayDeque<>();
  private static final int MAX_ROLES = 20_000;
  private final SharedIndexInformer<VipPair> informer;

  PairWatch(KubernetesClient client, String namespace, Timeline timeline) {
    this.timeline = timeline;
    this.informer = client.resources(VipPair.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(VipPair pair) {
        seen(null, pair);
      }

      @Override
      public void onUpdate(VipPair old, VipPair now) {
        seen(old, now);
      }

      @Override
      public void onDelete(VipPair pair, boolean unknownFinalState) {
        latest.remove(pair.getMetadata().getName());
      }
    });
  }

  Optional<VipPair> get(String pair) {
    return Optional.ofNullable(latest.get(pair));
  }

  Optional<VipPairStatus> status(String pair) {
    return get(pair).map(VipPair::getStatus);
  }

  Optional<AgentReport> report(String pair, String member) {
    return status(pair).map(s -> s.getAgents().get(member));
  }

  private synchronized void roleSeen(VrrpTransitions.RoleSeen r) {
    if (roles.size() == MAX_ROLES) {
      roles.removeFirst();
    }
    roles.addLast(r);
  }

  /** The reported roles seen so far, oldest first. */
  synchronized java.util.List<VrrpTransitions.RoleSeen> roles() {
    return new java.util.ArrayList<>(roles);
  }

  private void seen(VipPair old, VipPair now) {
    Instant seenAt = Instant.now();
    String name = now.getMetadata().getName();
    latest.put(name, now);
    VipPairStatus before = old == null || old.getStatus() == null ? new VipPairStatus() : old.getStatus();
    VipPairStatus after = now.getStatus() == null ? new VipPairStatus() : now.getStatus();
    after.getAgents().forEach((member, report) -> {
      AgentReport prev = before.getAgents().get(member);
      if (prev == null || prev.getRole() != report.getRole()) {
        roleSeen(new VrrpTransitions.RoleSeen(seenAt, name, member, report.getRole()));
      }
      if (prev == null || !Objects.equals(prev.getSince(), report.getSince()) || prev.getRole() != report.getRole()) {
        timeline.add(at(report.getSince(), seenAt), Timeline.Kind.VRRP, name, member + " keepalived " + report.getRole());
      }
      if (prev == null || !Objects.equals(prev.getReportedAt(), report.getReportedAt())) {
        Instant reportedAt = at(report.getReportedAt(), seenAt);
        timeline.add(reportedAt, Timeline.Kind.REPORT, name, member + " reported " + report.getRole()
            + (Boolean.FALSE.equals(report.getHealthy()) ? " (unhealthy: " + report.getHealthMessage() + ")" : "")
            + " (lab watch +" + Math.max(0, seenAt.toEpochMilli() - reportedAt.toEpochMilli()) + " ms)");
      }
    });
    Migration m = after.getMigration();
    Migration pm = before.getMigration();
    if (m != null && (pm == null || !Objects.equals(pm.getTarget(), m.getTarget()) || !Objects.equals(pm.getIssuedAt(), m.getIssuedAt()))) {
      timeline.add(at(m.getIssuedAt(), seenAt), Timeline.Kind.DECISION, name,
          "operator: " + m.getKind() + " " + (m.getSource() == null ? "" : m.getSource() + " -> ") + m.getTarget()
              + " (" + m.getReason() + ")");
    }
    if (after.getPhase() != null && after.getPhase() != before.getPhase()) {
      timeline.add(seenAt, Timeline.Kind.PHASE, name, "phase " + after.getPhase()
          + (after.getMaster() == null ? "" : ", master " + after.getMaster())
          + (after.getCloudOwner() == null ? "" : ", cloud owner " + after.getCloudOwner()));
    }
  }

  private static Instant at(String rfc3339, Instant fallback) {
    if (rfc3339 == null) {
      return fallback;
    }
    try {
      return Instant.parse(rfc3339);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
