package io.vippair.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.failover.PairEvent;
import io.vippair.operator.failover.SpecProblem;
import io.vippair.operator.failover.StatusConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may act for one VIP in one VPC when more than one VipPair names it (a copy-pasted manifest
 * with a new name and VRID). The pair that had it first, by creationTimestamp and then
 * namespace/name, keeps working; every later one yields: no cloud change, no agent runs it, and
 * both sides' status say why. A pair being deleted no longer claims the VIP for others.
 *
 * @param self the pair being decided
 * @param first the pair that claimed the VIP first; self when uncontested
 * @param others the other live pairs that claim the same VIP, oldest first
 */
record VipClaim(VipPair self, VipPair first, List<VipPair> others) {
  static final String CONDITION_TYPE = Conditions.DUPLICATE_VIP;
  /** Reason on the pair that yields (Ready and DuplicateVip), and of its Warning event. */
  static final String YIELDS = "VipClaimedByOlderPair";
  /** Reason of DuplicateVip on the pair that keeps the VIP. */
  static final String KEEPS = "VipAlsoClaimedByNewerPair";

  /** The claim of self among the pairs that name the same region, VPC and VIP (self may be among them). */
  static VipClaim among(VipPair self, Collection<VipPair> sameVip) {
    List<VipPair> others = sameVip.stream()
        .filter(p -> !sameObject(p, self) && !p.isMarkedForDeletion())
        .sorted(SpecChecks.OLDEST_FIRST)
        .toList();
    VipPair first = others.isEmpty() || SpecChecks.OLDEST_FIRST.compare(self, others.get(0)) < 0 ? self : others.get(0);
    return new VipClaim(self, first, others);
  }

  static VipClaim alone(VipPair self) {
    return new VipClaim(self, self, List.of());
  }

  /** Whether another pair claimed the VIP first, so self must make no change for it. */
  boolean yields() {
    return first != self;
  }

  /** Why self holds (Ready=False, phase Error): the older claim, by name. */
  SpecProblem problem() {
    return new SpecProblem(YIELDS, yieldMessage());
  }

  /** The Warning for the pair that yields, naming the first; none otherwise. */
  Optional<PairEvent> event() {
    return yields() ? Optional.of(new PairEvent(true, YIELDS, yieldMessage())) : Optional.empty();
  }

  /** Sets DuplicateVip on a contested pair (either side) and removes it from an uncontested one. */
  void annotate(VipPairStatus status, long generation, Instant now) {
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    }
    if (others.isEmpty()) {
      status.getConditions().removeIf(c -> CONDITION_TYPE.equals(c.getType()));
    } else if (yields()) {
      StatusConditions.set(status.getConditions(), CONDITION_TYPE, StatusConditions.TRUE, YIELDS, yieldMessage(), generation, now);
    } else {
      StatusConditions.set(status.getConditions(), CONDITION_TYPE, StatusConditions.TRUE, KEEPS,
          "VipPair " + others.stream().map(VipClaim::name).collect(Collectors.joining(", ")) + " also claims VIP " + vip()
              + "; this pair claimed it first and keeps it, the other makes no cloud change: delete the duplicate",
          generation, now);
    }
  }

  /** Whether the DuplicateVip condition differs between two statuses (so the other side should look again). */
  static boolean changed(VipPairStatus before, VipPairStatus after) {
    return !Objects.equals(describe(before), describe(after));
  }

  private static String describe(VipPairStatus status) {
    Condition c = status == null ? null : status.condition(CONDITION_TYPE);
    return c == null ? null : c.getReason() + ": " + c.getMessage();
  }

  private String yieldMessage() {
    return "VipPair " + name(first) + " claimed VIP " + vip() + " first (created " + first.getMetadata().getCreationTimestamp()
        + "); this pair makes no cloud change and its agents do not run it while that pair exists: delete this"
        + " VipPair, or create it again with a free VIP";
  }

  private String vip() {
    var cloud = self.getSpec().getCloud();
    return self.getSpec().getVip().getAddress() + " in " + cloud.getVpcId() + " (" + cloud.getRegion() + ")";
  }

  private static String name(VipPair p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  private static boolean sameObject(VipPair a, VipPair b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }
}
