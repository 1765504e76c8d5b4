package io.vippair.operator.cloud.tencent;

import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who holds a VIP, read from DescribeNetworkInterfaces answers. Pure: the port fetches, this
 * decides. A VIP listed with State AVAILABLE is settled; MIGRATING, PENDING or DELETING means the
 * cloud is moving it.
 */
final class Ownerships {

  /** The VIP as listed on one ENI. */
  private record Holding(String eni, String state, boolean primary) {}

  private Ownerships() {}

  /**
   * Ownership from the member ENIs' own answers, or null when neither member lists the VIP (then
   * only a lookup by address can tell Unassigned from Conflict).
   */
  static VipOwnership fromMembers(VipQuery query, Map<String, NetworkInterface> enis) {
    List<NetworkInterface> members = new ArrayList<>();
    for (String id : query.memberEnis()) {
      NetworkInterface eni = enis.get(id);
      if (eni != null) {
        members.add(eni);
      }
    }
    return fromHoldings(query, holdings(query.vip(), members));
  }

  /** Ownership from a lookup by address in the pair's VPC. */
  static VipOwnership fromAddressLookup(VipQuery query, Collection<NetworkInterface> found) {
    List<Holding> all = new ArrayList<>();
    for (NetworkInterface eni : found) {
      if (query.vpcId() == null || query.vpcId().equals(eni.getVpcId())) {
        all.addAll(holdings(query.vip(), List.of(eni)));
      }
    }
    for (Holding h : all) {
      if (!query.memberEnis().contains(h.eni())) {
        return new VipOwnership.Conflict(h.eni());
      }
    }
    VipOwnership onMembers = fromHoldings(query, all);
    return onMembers != null ? onMembers : new VipOwnership.Unassigned();
  }

  static EniFacts facts(NetworkInterface eni) {
    String primaryIp = null;
    if (eni.getPrivateIpAddressSet() != null) {
      for (PrivateIpAddressSpecification ip : eni.getPrivateIpAddressSet()) {
        if (Boolean.TRUE.equals(ip.getPrimary())) {
          primaryIp = ip.getPrivateIpAddress();
        }
      }
    }
    String instance = eni.getAttachment() == null ? null : blankToNull(eni.getAttachment().getInstanceId());
    return new EniFacts(eni.getNetworkInterfaceId(), eni.getVpcId(), eni.getSubnetId(), instance, primaryIp);
  }

  private static VipOwnership fromHoldings(VipQuery query, List<Holding> holdings) {
    String movingFrom = null;
    String movingTo = null;
    List<String> settled = new ArrayList<>();
    for (Holding h : holdings) {
      if (h.primary()) {
        return new VipOwnership.Unknown("the VIP " + query.vip() + " is the primary IP of " + h.eni()
            + "; a primary IP cannot move: choose a free address as the VIP", "VipIsPrimaryIp");
      }
      switch (h.state()) {
        case "MIGRATING", "DELETING" -> movingFrom = h.eni();
        case "PENDING" -> movingTo = h.eni();
        default -> settled.add(h.eni());
      }
    }
    if (movingFrom != null || movingTo != null) {
      if (movingTo == null && !settled.isEmpty()) {
        movingTo = settled.get(0);
      } else if (movingTo == null && holdings.size() == 1 && "MIGRATING".equals(holdings.get(0).state())) {
        movingTo = otherMember(query, movingFrom);
      }
      return new VipOwnership.Migrating(movingFrom, movingTo);
    }
    if (settled.size() == 1) {
      return new VipOwnership.OwnedBy(settled.get(0));
    }
    if (settled.size() > 1) {
      return new VipOwnership.Unknown("the cloud lists the VIP " + query.vip() + " as AVAILABLE on "
          + settled + " at once", "Inconsistent");
    }
    return null;
  }

  private static List<Holding> holdings(String vip, List<NetworkInterface> enis) {
    List<Holding> out = new ArrayList<>();
    for (NetworkInterface eni : enis) {
      if (eni.getPrivateIpAddressSet() == null) {
        continue;
      }
      for (PrivateIpAddressSpecification ip : eni.getPrivateIpAddressSet()) {
        if (vip.equals(ip.getPrivateIpAddress())) {
          String state = ip.getState() == null ? "AVAILABLE" : ip.getState();
          out.add(new Holding(eni.getNetworkInterfaceId(), state, Boolean.TRUE.equals(ip.getPrimary())));
        }
      }
    }
    return out;
  }

  private static String otherMember(VipQuery query, String eni) {
    for (String m : query.memberEnis()) {
      if (!m.equals(eni)) {
        return query.memberEnis().contains(eni) ? m : null;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
