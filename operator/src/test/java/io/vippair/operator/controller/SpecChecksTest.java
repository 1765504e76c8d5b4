package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecChecksTest {

  private static VipPair pair(String name, String created, String memberA, String memberB, int vrid) {
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-1");
    spec.setCloud(cloud);
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(vrid);
    spec.setVrrp(vrrp);
    spec.setMembers(List.of(new Member(memberA, "ins-a", "eni-a", "10.0.0.1", "eth0"),
        new Member(memberB, "ins-b", "eni-b", "10.0.0.2", "eth0")));
    VipPair p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName(name).withCreationTimestamp(created).build());
    p.setSpec(spec);
    return p;
  }

  @Test
  void aVrrpIdClashOnASharedVmBlamesTheNewerPairOnly() {
    VipPair old = pair("old", "2026-01-01T00:00:00Z", "vm-1", "vm-2", 7);
    VipPair newer = pair("new", "2026-02-01T00:00:00Z", "vm-1", "vm-3", 7);
    VipPair otherId = pair("other", "2026-03-01T00:00:00Z", "vm-1", "vm-4", 8);
    List<VipPair> all = List.of(old, newer, otherId);
    assertThat(SpecChecks.checkVrrpId(old, all)).isNull();
    var clash = SpecChecks.checkVrrpId(newer, all);
    assertThat(clash.reason()).isEqualTo("VrrpIdClash");
    assertThat(clash.message()).contains("db/old", "vm-1", "7");
    assertThat(SpecChecks.checkVrrpId(otherId, all)).isNull();
  }
}
