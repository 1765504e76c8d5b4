package io.vippair.agent;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.FailoverPolicy;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import java.util.List;

/** VipPairs for tests. */
public final class TestPairs {
  private TestPairs() {}

  /** An Equal pair of cvm-a (10.0.1.17 on eth0) and cvm-b (10.0.1.16 on eth1). */
  public static VipPair equalPair(String namespace, String name, int vrid) {
    return pair(namespace, name, vrid, "10.0.1.100",
        new Member("cvm-a", "ins-aaaaaaaa", "eni-aaaaaaaa", "10.0.1.17", "eth0"),
        new Member("cvm-b", "ins-bbbbbbbb", "eni-bbbbbbbb", "10.0.1.16", "eth1"));
  }

  public static VipPair pair(String namespace, String name, int vrid, String vip, Member a, Member b) {
    var spec = new VipPairSpec();
    var cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-1yxuk010");
    spec.setCloud(cloud);
    spec.setVip(new VipSpec(vip));
    spec.setFailover(new FailoverSpec());
    var vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(vrid);
    vrrp.setAdvertIntervalMillis(1000);
    spec.setVrrp(vrrp);
    spec.setMembers(List.of(a, b));
    var pair = new VipPair();
    pair.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
        .addToLabels(Contract.memberLabel(a.getName()), "true")
        .addToLabels(Contract.memberLabel(b.getName()), "true")
        .build());
    pair.setSpec(spec);
    return pair;
  }

  public static VipPair preferred(VipPair pair, String member, int delaySeconds) {
    pair.getSpec().getFailover().setPolicy(FailoverPolicy.Preferred);
    pair.getSpec().getFailover().setPreferredMember(member);
    pair.getSpec().getFailover().setPreemptDelaySeconds(delaySeconds);
    return pair;
  }
}
