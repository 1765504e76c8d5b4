package io.vippair.operator.controller;

import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.failover.SpecProblem;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * The check the CRD schema cannot make because it needs the other VipPairs (the cloud mode
 * checks what needs the cloud's facts). Returns the problem, or null; a pair with a problem gets
 * no cloud change (the decision holds it and reports the reason).
 */
final class SpecChecks {
  private SpecChecks() {}

  /**
   * Two pairs that share a VM must not use the same VRRP virtual router id: keepalived would mix
   * their adverts. The pair created later (then the name, for a stable answer) gets the problem,
   * so a working pair is never broken by a newcomer.
   */
  static SpecProblem checkVrrpId(VipPair pair, Collection<VipPair> pairsSharingAMember) {
    Integer vrid = pair.getSpec().getVrrp().getVirtualRouterId();
    for (VipPair other : pairsSharingAMember) {
      if (sameObject(pair, other) || other.getSpec() == null || other.getSpec().getVrrp() == null
          || !Objects.equals(vrid, other.getSpec().getVrrp().getVirtualRouterId())) {
        continue;
      }
      if (OLDEST_FIRST.compare(other, pair) < 0) {
        String shared = other.getSpec().getMembers().stream().map(Member::getName)
            .filter(n -> pair.getSpec().member(n) != null).findFirst().orElse("?");
        return new SpecProblem("VrrpIdClash", "spec.vrrp.virtualRouterId " + vrid + " is already used by VipPair "
            + other.getMetadata().getNamespace() + "/" + other.getMetadata().getName() + " on member " + shared
            + "; choose an id no other pair on that VM uses");
      }
    }
    return null;
  }

  static final Comparator<VipPair> OLDEST_FIRST = Comparator
      .comparing((VipPair p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), "~"))
      .thenComparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());

  private static boolean sameObject(VipPair a, VipPair b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }
}
