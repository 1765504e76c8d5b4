package io.vippair.operator.controller;

import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.cloud.EniFacts;
import io.vippair.operator.failover.SpecProblem;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * The checks the CRD schema cannot make, because they need the cloud's facts or the other
 * VipPairs. Each returns the first problem found, or null; a pair with a problem gets no cloud
 * change (the decision holds it and reports the reason).
 */
final class SpecChecks {
  private SpecChecks() {}

  /**
   * The member ENIs against what the cloud says about them: known, in spec.cloud.vpcId, in one
   * subnet, attached to the stated instance. enis is null when the cloud could not be asked; then
   * nothing can be said.
   */
  static SpecProblem checkEnis(VipPairSpec spec, Map<String, EniFacts> enis) {
    if (enis == null) {
      return null;
    }
    String subnet = null;
    for (Member m : spec.getMembers()) {
      String eni = m.getNetworkInterfaceId();
      EniFacts facts = enis.get(eni);
      if (facts == null) {
        return new SpecProblem("EniNotFound", "member " + m.getName() + ": the cloud knows no ENI " + eni
            + " in region " + spec.getCloud().getRegion() + "; fix spec.members[].networkInterfaceId");
      }
      if (!spec.getCloud().getVpcId().equals(facts.vpcId())) {
        return new SpecProblem("EniNotInVpc", "member " + m.getName() + ": ENI " + eni + " is in " + facts.vpcId()
            + ", not in spec.cloud.vpcId " + spec.getCloud().getVpcId() + "; fix the ENI or the VPC id");
      }
      if (m.getInstanceId() != null && facts.instanceId() != null && !m.getInstanceId().equals(facts.instanceId())) {
        return new SpecProblem("EniNotOnInstance", "member " + m.getName() + ": ENI " + eni + " is attached to "
            + facts.instanceId() + ", not to " + m.getInstanceId() + "; fix spec.members[].instanceId or the ENI");
      }
      if (subnet != null && !subnet.equals(facts.subnetId())) {
        return new SpecProblem("EnisInDifferentSubnets", "the members' ENIs are in subnets " + subnet + " and "
            + facts.subnetId() + "; the cloud moves a private IP only within one subnet, so both ENIs must share it");
      }
      subnet = facts.subnetId();
    }
    return null;
  }

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
