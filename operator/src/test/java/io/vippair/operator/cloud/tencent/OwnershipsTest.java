package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading ownership from DescribeNetworkInterfaces answers, one row per case. */
class OwnershipsTest {
  private static final String VIP = "10.0.1.100";
  private static final VipQuery PAIR = new VipQuery("ns/p", "vpc-aaaaaaaa", VIP, List.of("eni-aaaaaaaa", "eni-bbbbbbbb"));

  private static NetworkInterface eni(String id, String vpc, Object... ipAndState) {
    NetworkInterface eni = new NetworkInterface();
    eni.setNetworkInterfaceId(id);
    eni.setVpcId(vpc);
    PrivateIpAddressSpecification[] ips = new PrivateIpAddressSpecification[ipAndState.length / 2];
    for (int i = 0; i < ips.length; i++) {
      ips[i] = new PrivateIpAddressSpecification();
      ips[i].setPrivateIpAddress((String) ipAndState[2 * i]);
      String state = (String) ipAndState[2 * i + 1];
      ips[i].setPrimary(state.equals("PRIMARY"));
      ips[i].setState(state.equals("PRIMARY") ? "AVAILABLE" : state);
    }
    eni.setPrivateIpAddressSet(ips);
    return eni;
  }

  private static Map<String, NetworkInterface> members(NetworkInterface... enis) {
    Map<String, NetworkInterface> m = new HashMap<>();
    for (NetworkInterface e : enis) {
      m.put(e.getNetworkInterfaceId(), e);
    }
    return m;
  }

  @Test
  void settledOnOneMember() {
    assertThat(Ownerships.fromMembers(PAIR, members(
        eni("eni-aaaaaaaa", "vpc-aaaaaaaa", "10.0.1.17", "PRIMARY"),
        eni("eni-bbbbbbbb", "vpc-aaaaaaaa", "10.0.1.16", "PRIMARY", VIP, "AVAILABLE"))))
        .isEqualTo(new VipOwnership.OwnedBy("eni-bbbbbbbb"));
  }

  @Test
  void migratingFromTheListingMemberToTheOther() {
    assertThat(Ownerships.fromMembers(PAIR, members(
        eni("eni-aaaaaaaa", "vpc-aaaaaaaa", VIP, "MIGRATING"), eni("eni-bbbbbbbb", "vpc-aaaaaaaa"))))
        .isEqualTo(new VipOwnership.Migrating("eni-aaaaaaaa", "eni-bbbbbbbb"));
    assertThat(Ownerships.fromMembers(PAIR, members(
        eni("eni-aaaaaaaa", "vpc-aaaaaaaa"), eni("eni-bbbbbbbb", "vpc-aaaaaaaa", VIP, "PENDING"))))
        .isEqualTo(new VipOwnership.Migrating(null, "eni-bbbbbbbb"));
  }

  @Test
  void absentFromBothMembersNeedsTheAddressLookup() {
    assertThat(Ownerships.fromMembers(PAIR, members(eni("eni-aaaaaaaa", "vpc-aaaaaaaa")))).isNull();
    assertThat(Ownerships.fromAddressLookup(PAIR, List.of())).isEqualTo(new VipOwnership.Unassigned());
    assertThat(Ownerships.fromAddressLookup(PAIR, List.of(eni("eni-ffffffff", "vpc-aaaaaaaa", VIP, "AVAILABLE"))))
        .isEqualTo(new VipOwnership.Conflict("eni-ffffffff"));
    // a suffix match ("10.0.1.10" would find 10.0.1.100) or another VPC's ENI is not the VIP
    assertThat(Ownerships.fromAddressLookup(PAIR, List.of(eni("eni-ffffffff", "vpc-aaaaaaaa", "10.0.1.1000", "AVAILABLE"),
        eni("eni-eeeeeeee", "vpc-other000", VIP, "AVAILABLE")))).isEqualTo(new VipOwnership.Unassigned());
  }

  @Test
  void aVipThatIsAPrimaryIpOrListedTwiceIsUnknown() {
    assertThat(Ownerships.fromMembers(PAIR, members(eni("eni-aaaaaaaa", "vpc-aaaaaaaa", VIP, "PRIMARY"))))
        .isInstanceOfSatisfying(VipOwnership.Unknown.class, u -> assertThat(u.errorCode()).isEqualTo("VipIsPrimaryIp"));
    assertThat(Ownerships.fromMembers(PAIR, members(eni("eni-aaaaaaaa", "vpc-aaaaaaaa", VIP, "AVAILABLE"),
        eni("eni-bbbbbbbb", "vpc-aaaaaaaa", VIP, "AVAILABLE"))))
        .isInstanceOfSatisfying(VipOwnership.Unknown.class, u -> assertThat(u.errorCode()).isEqualTo("Inconsistent"));
  }
}
