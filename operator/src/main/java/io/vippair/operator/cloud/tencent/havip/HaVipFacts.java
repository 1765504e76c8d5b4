package io.vippair.operator.cloud.tencent.havip;

import java.util.List;

/**
 * One HAVIP as DescribeHaVips shows it, with the fields the vpc 3.1.667 model lacks.
 *
 * @param networkInterfaceId the ENI it is bound to now (learned from gratuitous ARP), or null
 * @param instanceId the instance of that ENI, or null
 * @param addressIp the EIP on it, or null
 * @param state AVAILABLE (bound) or UNBIND
 * @param flushedTime when the binding last moved ("0000-00-00 00:00:00": never), UTC+8 as Tencent writes it
 * @param driftScope the instances allowed to claim it (HaVipAssociationSet); empty: any in its subnet
 */
public record HaVipFacts(String haVipId, String name, String vip, String vpcId, String subnetId,
    String networkInterfaceId, String instanceId, String addressIp, String state, String flushedTime,
    List<HaVipMember> driftScope, boolean checkAssociate) {

  public HaVipFacts {
    driftScope = List.copyOf(driftScope);
  }

  public boolean bound() {
    return networkInterfaceId != null;
  }
}
