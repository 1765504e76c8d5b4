package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vippair import finding the ENIs by private IP in the cloud emulator, through the real SDK with
 * real TC3 signatures: DescribeNetworkInterfaces with address-ip and ip-exact-match.
 */
class ImportWithCloudTest {
  static CloudEmulator emu;
  static Map<String, String> env;

  @BeforeAll
  static void cloud() {
    emu = CloudEmulator.start(EmulatorConfig.defaults())
        .addVpc("vpc-fleet001", "ap-guangzhou", "10.0.0.0/16")
        .addSubnet("subnet-fleet001", "vpc-fleet001", "10.0.2.0/24")
        .addEni("eni-db1aaaaa", "subnet-fleet001", "ins-db1aaaaa", "10.0.2.11")
        .addEni("eni-db2bbbbb", "subnet-fleet001", "ins-db2bbbbb", "10.0.2.12")
        .addEni("eni-web3cccc", "subnet-fleet001", "ins-web3cccc", "10.0.2.13")
        .addEni("eni-web4dddd", "subnet-fleet001", "ins-web4dddd", "10.0.2.14")
        .addEni("eni-othr0001", "subnet-fleet001", "ins-othr0001", "10.0.2.1")
        // address-ip alone is a suffix match: 10.0.2.11 would also find 110.0.2.11 in another VPC
        .addVpc("vpc-trap0001", "ap-guangzhou", "110.0.0.0/16")
        .addSubnet("subnet-trap0001", "vpc-trap0001", "110.0.2.0/24")
        .addEni("eni-trap0002", "subnet-trap0001", "ins-trap0002", "110.0.2.11")
        .addPrivateIp("eni-db1aaaaa", "10.0.2.100")
        .addPrivateIp("eni-othr0001", "10.0.2.101");
    env = Map.of("TENCENTCLOUD_SECRET_ID", emu.secretId(), "TENCENTCLOUD_SECRET_KEY", emu.secretKey());
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @Test
  void enisInstancesAndTheVpcComeFromTheCloud() throws IOException {
    Run r = Run.of(env, "import", ImportCommandTest.resource("fleet").toString(), "--region", "ap-guangzhou",
        "--cloud-endpoint", "http://" + emu.endpoint(), "-n", "shop");
    java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "cli-examples"))
        .resolve("import-fleet-cloud.txt"), r.out() + "--- stderr ---\n" + r.err());
    Map<String, JsonNode> pairs = ImportCommandTest.pairs(r);
    JsonNode db = pairs.get("vip-10-0-2-100");
    assertThat(db.at("/spec/cloud/vpcId").asText()).isEqualTo("vpc-fleet001");
    assertThat(db.at("/spec/members/0/networkInterfaceId").asText()).isEqualTo("eni-db1aaaaa");
    assertThat(db.at("/spec/members/0/instanceId").asText()).isEqualTo("ins-db1aaaaa");
    assertThat(db.at("/spec/members/1/networkInterfaceId").asText()).isEqualTo("eni-db2bbbbb");
    // the peer whose files are missing is still found by its IP
    JsonNode lone = pairs.get("vip-10-0-2-120");
    assertThat(lone.at("/spec/members/1/networkInterfaceId").asText()).isEqualTo("eni-web4dddd");
    assertThat(r.err()).doesNotContain("could not map db-1's ENI").doesNotContain(emu.secretKey());
    // where the VIPs are now: one on a member, one on a foreign ENI, one nowhere
    assertThat(r.err()).contains("check: the VIP 10.0.2.101 is on eni-othr0001, not a member's ENI; the operator will report CloudConflict")
        .contains("check: no ENI holds the VIP 10.0.2.120 now; the operator will assign it to the master");
    assertThat(emu.requests("DescribeNetworkInterfaces")).isGreaterThanOrEqualTo(9);
    // only the lone pair's assumptions about its peer remain to be checked
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.errLines()).last().isEqualTo("imported 3 pairs from 3 VMs, 1 with placeholders to fill in");
  }

  @Test
  void vipPysEnisAreUsedButFlaggedWhenTheCloudDoesNotKnowTheIps() throws IOException {
    Run r = Run.of(env, "import", ImportCommandTest.resource("seed/equal").toString(), "--region", "ap-guangzhou",
        "--cloud-endpoint", "http://" + emu.endpoint());
    JsonNode p = ImportCommandTest.pairs(r).get("vip-10-0-1-100");
    assertThat(p.at("/spec/members/0/networkInterfaceId").asText()).isEqualTo("eni-pvsvph0u");
    assertThat(r.errLines()).contains("  check: cvm-a's ENI eni-pvsvph0u is vip.py's, not confirmed by the cloud:"
        + " the cloud has no ENI whose primary IP is 10.0.1.17 in vpc-1yxuk010");
  }

  @Test
  void aRefusedKeyIsNamedByTheCloudsCodeAndFallsBackToPlaceholders() throws IOException {
    Run r = Run.of(Map.of("TENCENTCLOUD_SECRET_ID", "AKIDnotknownnotknown00000000000000", "TENCENTCLOUD_SECRET_KEY", "wrongwrongwrongwrong"),
        "import", ImportCommandTest.resource("fleet/db-1").toString(), ImportCommandTest.resource("fleet/db-2").toString(),
        "--region", "ap-guangzhou", "--vpc-id", "vpc-fleet001", "--cloud-endpoint", "http://" + emu.endpoint());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("could not map db-1's ENI: no vip.py names it and DescribeNetworkInterfaces for 10.0.2.11 in ap-guangzhou failed (AuthFailure")
        .doesNotContain("wrongwrongwrongwrong");
    ImportCommandTest.pairs(r); // still valid YAML the API server accepts
  }
}
