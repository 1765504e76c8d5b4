package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecGuardTest {

  private static VipPair complete() {
    return VipClaimTest.pair("db", "p", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
  }

  private static String missingAfter(Consumer<VipPairSpec> breakIt) {
    VipPair p = complete();
    p.getSpec().setMembers(new ArrayList<>(p.getSpec().getMembers()));
    breakIt.accept(p.getSpec());
    return SpecGuard.missingField(p);
  }

  @Test
  void namesTheFirstMissingRequiredField() {
    assertThat(SpecGuard.missingField(complete())).isNull();
    VipPair noSpec = new VipPair();
    noSpec.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName("p").build());
    assertThat(SpecGuard.missingField(noSpec)).isEqualTo("spec");
    assertThat(missingAfter(s -> s.setCloud(null))).isEqualTo("spec.cloud");
    assertThat(missingAfter(s -> s.getCloud().setRegion(null))).isEqualTo("spec.cloud.region");
    assertThat(missingAfter(s -> s.getCloud().setVpcId(null))).isEqualTo("spec.cloud.vpcId");
    assertThat(missingAfter(s -> s.setVip(null))).isEqualTo("spec.vip");
    assertThat(missingAfter(s -> s.getVip().setAddress(null))).isEqualTo("spec.vip.address");
    assertThat(missingAfter(s -> s.setFailover(null))).isEqualTo("spec.failover");
    assertThat(missingAfter(s -> s.setVrrp(null))).isEqualTo("spec.vrrp");
    assertThat(missingAfter(s -> s.getVrrp().setVirtualRouterId(null))).isEqualTo("spec.vrrp.virtualRouterId");
    assertThat(missingAfter(s -> s.setMembers(null))).isEqualTo("spec.members (exactly two)");
    assertThat(missingAfter(s -> s.getMembers().remove(1))).isEqualTo("spec.members (exactly two)");
    assertThat(missingAfter(s -> s.getMembers().set(1, new Member("b", null, null, "10.0.0.2", "eth0"))))
        .isEqualTo("spec.members[1].networkInterfaceId");
    assertThat(missingAfter(s -> s.getMembers().set(0, new Member(null, null, "eni-a", "10.0.0.1", "eth0"))))
        .isEqualTo("spec.members[0].name");
    assertThat(SpecGuard.memberNames(noSpec)).isEmpty();
    assertThat(SpecGuard.memberNames(complete())).containsExactly("a", "b");
  }

  @Test
  void theStatusNamesTheFieldAndKeepsEverythingElse() {
    VipPair p = complete();
    p.setSpec(null);
    VipPairStatus before = new VipPairStatus();
    before.setFailovers(4L);
    before.setCloudOwner("a");
    before.unknownFields().put("fromTheFuture", "kept");
    p.setStatus(before);
    VipPairStatus status = SpecGuard.incompleteStatus(p, "spec", Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(status.getPhase()).isEqualTo(Phase.Error);
    var ready = status.condition(Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(SpecGuard.SPEC_INCOMPLETE);
    assertThat(ready.getMessage()).startsWith("spec is missing");
    assertThat(status.getFailovers()).isEqualTo(4L);
    assertThat(status.getCloudOwner()).isEqualTo("a");
    assertThat(status.unknownFields()).containsEntry("fromTheFuture", "kept");
    assertThat(p.getStatus().getPhase()).as("the pair's own status is not edited").isNull();
    assertThat(List.of(status.getConditions().size())).containsExactly(1);
  }
}
