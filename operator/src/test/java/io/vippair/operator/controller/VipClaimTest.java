package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VipClaimTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static VipPair pair(String namespace, String name, String created, String vpc, String vip) {
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId(vpc);
    spec.setCloud(cloud);
    spec.setVip(new VipSpec(vip));
    spec.setFailover(new FailoverSpec());
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(7);
    spec.setVrrp(vrrp);
    spec.setMembers(List.of(new Member("a", "ins-a", "eni-a", "10.0.0.1", "eth0"), new Member("b", "ins-b", "eni-b", "10.0.0.2", "eth0")));
    VipPair p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withCreationTimestamp(created).build());
    p.setSpec(spec);
    return p;
  }

  private static final VipPair OLD = pair("db", "zeta", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
  private static final VipPair COPY = pair("db", "alpha", "2026-02-01T00:00:00Z", "vpc-1", "10.0.0.100");

  @Test
  void theOlderPairKeepsTheVipWhateverTheNames() {
    List<VipPair> both = List.of(OLD, COPY);
    VipClaim old = VipClaim.among(OLD, both);
    VipClaim copy = VipClaim.among(COPY, both);
    assertThat(old.yields()).isFalse();
    assertThat(old.event()).isEmpty();
    assertThat(copy.yields()).isTrue();
    assertThat(copy.first()).isSameAs(OLD);
    assertThat(copy.problem().reason()).isEqualTo(VipClaim.YIELDS);
    assertThat(copy.problem().message()).contains("db/zeta", "10.0.0.100", "vpc-1", "ap-guangzhou");
    assertThat(copy.event()).hasValueSatisfying(e -> {
      assertThat(e.warning()).isTrue();
      assertThat(e.message()).contains("db/zeta");
    });
  }

  @Test
  void sameCreationTimeFallsBackToNamespaceAndName() {
    VipPair b = pair("db", "b", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
    VipPair a = pair("db", "a", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
    VipPair otherNamespace = pair("app", "z", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
    List<VipPair> all = List.of(b, a, otherNamespace);
    assertThat(VipClaim.among(otherNamespace, all).yields()).as("app/z sorts first").isFalse();
    assertThat(VipClaim.among(a, all).first()).isSameAs(otherNamespace);
    assertThat(VipClaim.among(b, all).others()).containsExactly(otherNamespace, a);
  }

  @Test
  void aPairBeingDeletedNoLongerClaimsTheVip() {
    VipPair deleting = pair("db", "zeta", "2026-01-01T00:00:00Z", "vpc-1", "10.0.0.100");
    deleting.getMetadata().setDeletionTimestamp("2026-05-01T00:00:00Z");
    assertThat(VipClaim.among(COPY, List.of(deleting, COPY)).yields()).isFalse();
    assertThat(VipClaim.among(deleting, List.of(deleting, COPY)).yields()).as("the deleting pair itself still yields to none older")
        .isFalse();
  }

  @Test
  void theIndexSeparatesVpcsAndRegionsAndSkipsIncompletePairs() {
    assertThat(VipClaims.indexKeys(OLD)).containsExactly("ap-guangzhou/vpc-1/10.0.0.100");
    assertThat(VipClaims.indexKeys(pair("db", "x", "2026-01-01T00:00:00Z", "vpc-2", "10.0.0.100")))
        .doesNotContainAnyElementsOf(VipClaims.indexKeys(OLD));
    VipPair noSpec = new VipPair();
    noSpec.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName("empty").build());
    assertThat(VipClaims.indexKeys(noSpec)).isEmpty();
  }

  @Test
  void bothSidesSayWhyAndTheConditionGoesWhenTheDuplicateDoes() {
    VipPairStatus oldStatus = new VipPairStatus();
    VipClaim.among(OLD, List.of(OLD, COPY)).annotate(oldStatus, 1, NOW);
    var kept = oldStatus.condition(Conditions.DUPLICATE_VIP);
    assertThat(kept.getStatus()).isEqualTo("True");
    assertThat(kept.getReason()).isEqualTo(VipClaim.KEEPS);
    assertThat(kept.getMessage()).contains("db/alpha");

    VipPairStatus copyStatus = new VipPairStatus();
    VipClaim.among(COPY, List.of(OLD, COPY)).annotate(copyStatus, 1, NOW);
    assertThat(copyStatus.condition(Conditions.DUPLICATE_VIP).getReason()).isEqualTo(VipClaim.YIELDS);
    assertThat(copyStatus.condition(Conditions.DUPLICATE_VIP).getMessage()).contains("db/zeta");

    VipPairStatus before = new VipPairStatus();
    VipClaim.among(OLD, List.of(OLD, COPY)).annotate(before, 1, NOW);
    VipPairStatus after = new VipPairStatus();
    after.setConditions(new java.util.ArrayList<>(before.getConditions()));
    VipClaim.among(OLD, List.of(OLD)).annotate(after, 1, NOW);
    assertThat(after.condition(Conditions.DUPLICATE_VIP)).isNull();
    assertThat(VipClaim.changed(before, after)).isTrue();
    assertThat(VipClaim.changed(before, before)).isFalse();
  }
}
