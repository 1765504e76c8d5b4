package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ENI checks of the Tencent secondary-IP mode (moved from the controller's SpecChecksTest). */
class EniChecksTest {
  private static final EniFacts A = new EniFacts("eni-a", "vpc-1", "subnet-1", "ins-a", "10.0.0.1");
  private static final EniFacts B = new EniFacts("eni-b", "vpc-1", "subnet-1", "ins-b", "10.0.0.2");

  @Test
  void enisMustBeKnownInTheVpcInOneSubnetAndOnTheirInstance() {
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-1");
    spec.setCloud(cloud);
    spec.setMembers(List.of(new Member("a", "ins-a", "eni-a", "10.0.0.1", "eth0"),
        new Member("b", "ins-b", "eni-b", "10.0.0.2", "eth0")));
    assertThat(EniChecks.check(spec, Map.of("eni-a", A, "eni-b", B))).isNull();
    assertThat(EniChecks.check(spec, Map.of("eni-a", A)).reason()).isEqualTo("EniNotFound");
    assertThat(EniChecks.check(spec, Map.of("eni-a", A,
        "eni-b", new EniFacts("eni-b", "vpc-2", "subnet-1", "ins-b", "x"))).reason()).isEqualTo("EniNotInVpc");
    assertThat(EniChecks.check(spec, Map.of("eni-a", A,
        "eni-b", new EniFacts("eni-b", "vpc-1", "subnet-2", "ins-b", "x"))).reason()).isEqualTo("EnisInDifferentSubnets");
    var wrongVm = EniChecks.check(spec, Map.of("eni-a", A,
        "eni-b", new EniFacts("eni-b", "vpc-1", "subnet-1", "ins-z", "x")));
    assertThat(wrongVm.reason()).isEqualTo("EniNotOnInstance");
    assertThat(wrongVm.message()).contains("ins-z", "ins-b");
  }

}
