package io.vippair.operator.cloud.tencent;

import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.failover.SpecProblem;
import java.util.Map;

/**
 * The checks of the members' ENIs the CRD schema cannot make: known, in spec.cloud.vpcId, in one
 * subnet, attached to the stated instance. A pair with a problem gets no cloud change (the
 * decision holds it and reports the reason).
 */
final class EniChecks {
  private EniChecks() {}

  /** The first problem found, or null. */
  static SpecProblem check(VipPairSpec spec, Map<String, EniFacts> enis) {
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
}
