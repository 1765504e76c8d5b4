package io.vippair.operator.cloud.tencent.havip;

import io.vippair.api.v1alpha1.HaVipSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.failover.CloudView;
import io.vippair.operator.failover.SpecProblem;
import java.util.Collection;
import java.util.List;

/**
 * What DescribeHaVips says about one pair, in member terms: the binding becomes {@link CloudView}
 * (an ENI outside the pair is a conflict), and what only the cloud reveals (no such HAVIP, another
 * VPC, another EIP on it) becomes a {@link SpecProblem}. Pure.
 */
final class HaVipPlacements {
  static final String EIP_CONFLICT = "HaVipEipConflict";

  private HaVipPlacements() {}

  /** The HAVIP the spec names (by id, else by address in its VPC) among those found, or null. */
  static HaVipFacts find(VipPairSpec spec, Collection<HaVipFacts> found) {
    HaVipSpec h = spec.getCloud().getHaVip();
    String id = h == null ? null : h.getId();
    String vip = spec.getVip().getAddress();
    return found.stream()
        .filter(f -> id != null ? id.equals(f.haVipId()) : vip.equals(f.vip()) && spec.getCloud().getVpcId().equals(f.vpcId()))
        .findFirst().orElse(null);
  }

  static Placement of(VipPairSpec spec, HaVipFacts facts) {
    if (facts == null) {
      return new Placement(new CloudView.Unassigned(), notFound(spec));
    }
    return new Placement(binding(spec, facts), problem(spec, facts));
  }

  static CloudView binding(VipPairSpec spec, HaVipFacts facts) {
    if (!facts.bound()) {
      return new CloudView.Unassigned();
    }
    Member m = spec.memberByEni(facts.networkInterfaceId());
    return m != null ? new CloudView.OwnedBy(m.getName()) : new CloudView.Conflict(facts.networkInterfaceId());
  }

  /** The first problem of the HAVIP against the spec, or null. */
  static SpecProblem problem(VipPairSpec spec, HaVipFacts facts) {
    String vpc = spec.getCloud().getVpcId();
    if (!vpc.equals(facts.vpcId())) {
      return new SpecProblem("HaVipNotInVpc", "HAVIP " + facts.haVipId() + " is in " + facts.vpcId()
          + ", not in spec.cloud.vpcId " + vpc + "; fix spec.cloud.haVip.id or the VPC id");
    }
    if (!spec.getVip().getAddress().equals(facts.vip())) {
      return new SpecProblem("HaVipAddressMismatch", "HAVIP " + facts.haVipId() + " has the address " + facts.vip()
          + ", not spec.vip.address " + spec.getVip().getAddress() + "; keepalived would announce an address the"
          + " HAVIP does not have: fix spec.vip.address or spec.cloud.haVip.id");
    }
    String wanted = spec.getCloud().getHaVip() == null ? null : spec.getCloud().getHaVip().getEip();
    if (wanted != null && facts.addressIp() != null && !wanted.equals(facts.addressIp())) {
      return new SpecProblem(EIP_CONFLICT, "HAVIP " + facts.haVipId() + " has the EIP " + facts.addressIp()
          + ", spec.cloud.haVip.eip says " + wanted + "; vippair never replaces an EIP it did not put there:"
          + " disassociate " + facts.addressIp() + " from the HAVIP, or set spec.cloud.haVip.eip to it");
    }
    return null;
  }

  static SpecProblem notFound(VipPairSpec spec) {
    HaVipSpec h = spec.getCloud().getHaVip();
    String what = h != null && h.getId() != null ? "no HAVIP " + h.getId() + " in region " + spec.getCloud().getRegion()
        : "no HAVIP with the address " + spec.getVip().getAddress() + " in " + spec.getCloud().getVpcId();
    return new SpecProblem("HaVipNotFound", "the cloud knows " + what + "; create it (CreateHaVip in the members'"
        + " subnet) or fix spec.cloud.haVip.id / spec.vip.address");
  }

  /** The drift scope the pair needs: exactly its two members' ENIs. */
  static List<HaVipMember> wantedScope(VipPairSpec spec) {
    return spec.getMembers().stream().map(m -> HaVipMember.eni(m.getNetworkInterfaceId())).toList();
  }
}
