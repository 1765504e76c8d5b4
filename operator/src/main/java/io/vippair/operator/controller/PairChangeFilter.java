package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.util.Objects;

/**
 * Which updates of a VipPair need a reconcile: a spec change (generation), labels, deletion,
 * finalizers, and the agents' reports in status.agents. The operator's own status writes change
 * none of these, so they do not echo back as reconciles. JOSDK's generation-aware default would
 * ignore the agents' reports (they are status-only changes), so the controller turns it off and
 * uses this filter instead.
 */
final class PairChangeFilter implements OnUpdateFilter<VipPair> {

  @Override
  public boolean accept(VipPair now, VipPair before) {
    var a = now.getMetadata();
    var b = before.getMetadata();
    return !Objects.equals(a.getGeneration(), b.getGeneration())
        || !Objects.equals(a.getLabels(), b.getLabels())
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !Objects.equals(a.getFinalizers(), b.getFinalizers())
        || !Json.same(agents(now), agents(before));
  }

  private static Object agents(VipPair pair) {
    VipPairStatus status = pair.getStatus();
    return status == null || status.getAgents() == null || status.getAgents().isEmpty() ? null : status.getAgents();
  }
}
