package io.vippair.operator.controller;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.failover.StatusConditions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a VipPair the controller needs before it can decide anything. The schema requires
 * them, but a VipPair stored before the schema did (or written past it) may lack them; such a pair
 * gets a status naming the missing field, no label, no cloud call, and its finalizer goes at once
 * when it is deleted.
 */
final class SpecGuard {
  /** Ready's reason while a required part is missing. */
  static final String SPEC_INCOMPLETE = "SpecIncomplete";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SpecGuard() {}

  /** The first required field the pair lacks, as a path such as spec.vip.address; null when none. */
  static String missingField(VipPair pair) {
    VipPairSpec spec = pair.getSpec();
    if (spec == null) {
      return "spec";
    }
    if (spec.getCloud() == null) {
      return "spec.cloud";
    }
    if (spec.getCloud().getRegion() == null) {
      return "spec.cloud.region";
    }
    if (spec.getCloud().getVpcId() == null) {
      return "spec.cloud.vpcId";
    }
    if (spec.getVip() == null || spec.getVip().getAddress() == null) {
      return spec.getVip() == null ? "spec.vip" : "spec.vip.address";
    }
    if (spec.getFailover() == null || spec.getFailover().getPolicy() == null) {
      return spec.getFailover() == null ? "spec.failover" : "spec.failover.policy";
    }
    if (spec.getVrrp() == null || spec.getVrrp().getVirtualRouterId() == null) {
      return spec.getVrrp() == null ? "spec.vrrp" : "spec.vrrp.virtualRouterId";
    }
    List<Member> members = spec.getMembers();
    if (members == null || members.size() != 2 || members.stream().anyMatch(Objects::isNull)) {
      return "spec.members (exactly two)";
    }
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      String field = m.getName() == null ? "name" : m.getNetworkInterfaceId() == null ? "networkInterfaceId"
          : m.getPrivateIp() == null ? "privateIp" : m.getInterfaceName() == null ? "interface" : null;
      if (field != null) {
        return "spec.members[" + i + "]." + field;
      }
    }
    return null;
  }

  /** The members' names, for the cache's index; none for a pair without them. */
  static List<String> memberNames(VipPair pair) {
    if (pair.getSpec() == null || pair.getSpec().getMembers() == null) {
      return List.of();
    }
    return pair.getSpec().getMembers().stream().filter(Objects::nonNull).map(Member::getName).filter(Objects::nonNull).toList();
  }

  /**
   * The status of a pair that lacks {@code missing}: phase Error and Ready=False naming the field;
   * every other field stays as it was, since nothing about the pair can be known or changed.
   */
  static VipPairStatus incompleteStatus(VipPair pair, String missing, Instant now) {
    VipPairStatus status = pair.getStatus() == null ? new VipPairStatus()
        : SERIALIZATION.convertValue(pair.getStatus(), VipPairStatus.class);
    if (status.getConditions() == null) {
      status.setConditions(new java.util.ArrayList<>());
    }
    long generation = pair.getMetadata().getGeneration() == null ? 0 : pair.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setPhase(Phase.Error);
    StatusConditions.set(status.getConditions(), Conditions.READY, StatusConditions.FALSE, SPEC_INCOMPLETE,
        missing + " is missing, so the operator cannot act on this VipPair (no labels, no cloud calls): add it, as in"
            + " deploy/examples/equal-pair.yaml, or delete the VipPair", generation, now);
    return status;
  }
}
