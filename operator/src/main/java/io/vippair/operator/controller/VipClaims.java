package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.failover.PairEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The claims on VIPs, from the informer's cache: an index of the pairs by region, VPC and VIP
 * address, and an event source that wakes the other claimants of a VIP when one side's view of the
 * claim changes (a duplicate appeared or went away), so both pairs' status say why at once rather
 * than at the next resync.
 */
final class VipClaims extends AbstractEventSource<Void, VipPair> {
  static final String INDEX = "vippair-vip";

  private final EventSourceContext<VipPair> context;

  VipClaims(EventSourceContext<VipPair> context) {
    super(Void.class, "vip-claims");
    this.context = context;
    context.getPrimaryCache().addIndexer(INDEX, VipClaims::indexKeys);
  }

  /** The index key of a pair: region, VPC and VIP; none for a pair that lacks them. */
  static List<String> indexKeys(VipPair pair) {
    if (SpecGuard.missingField(pair) != null) {
      return List.of();
    }
    var spec = pair.getSpec();
    return List.of(spec.getCloud().getRegion() + "/" + spec.getCloud().getVpcId() + "/" + spec.getVip().getAddress());
  }

  /** The claim of this pair on its VIP, as the cache sees the fleet now. */
  VipClaim claimOf(VipPair pair) {
    List<String> keys = indexKeys(pair);
    return keys.isEmpty() ? VipClaim.alone(pair) : VipClaim.among(pair, context.getPrimaryCache().byIndex(INDEX, keys.get(0)));
  }

  /**
   * Writes the claim into the status about to be published, and wakes the other claimants when
   * what it says changed.
   *
   * @return the events to record for the pair
   */
  List<PairEvent> settle(VipClaim claim, VipPairStatus previous, VipPairStatus next, long generation, Instant now) {
    claim.annotate(next, generation, now);
    if (VipClaim.changed(previous, next)) {
      wake(claim.others());
    }
    return claim.event().map(List::of).orElse(List.of());
  }

  /** Reconciles these pairs soon (e.g. the other claimants, when a claimant is deleted). */
  void wake(List<VipPair> pairs) {
    if (getEventHandler() == null) {
      return;
    }
    pairs.forEach(p -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(p))));
  }

  @Override
  public Set<Void> getSecondaryResources(VipPair primary) {
    return Set.of();
  }
}
