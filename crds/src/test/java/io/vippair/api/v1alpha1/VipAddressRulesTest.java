package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edges of the address blocks no ENI can hold, and of the region rules. */
class VipAddressRulesTest {
  static ApiServerValidation apiServer;
  static JsonNode example;

  @BeforeAll
  static void load() throws Exception {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
    example = new YAMLMapper().readTree(Path.of("../deploy/examples/equal-pair.yaml").toFile());
  }

  @Test
  void addressesJustOutsideTheForbiddenBlocksAreAccepted() {
    for (String vip : List.of("1.0.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0",
        "223.255.255.255", "240.0.0.1", "255.255.255.254", "172.16.0.10", "192.168.1.10", "100.64.0.10")) {
      assertThat(apiServer.validateCreate(with("/spec/vip", "address", vip))).as(vip).isEmpty();
    }
  }

  @Test
  void addressesInsideTheForbiddenBlocksAreRejectedSayingWhy() {
    assertRejected("0.0.0.0", "unspecified");
    assertRejected("0.255.255.255", "unspecified");
    assertRejected("127.0.0.1", "loopback");
    assertRejected("127.255.255.255", "loopback");
    assertRejected("224.0.0.0", "multicast");
    assertRejected("239.255.255.255", "multicast");
    assertRejected("169.254.0.0", "link-local");
    assertRejected("169.254.255.255", "link-local");
    assertRejected("255.255.255.255", "broadcast");
  }

  @Test
  void regionRulesNameSpecCloudRegionAndAcceptRealRegions() {
    for (String region : List.of("ap-guangzhou", "ap-shanghai-fsi", "na-siliconvalley", "eu-frankfurt", "sa-saopaulo")) {
      assertThat(apiServer.validateCreate(with("/spec/cloud", "region", region))).as(region).isEmpty();
    }
    for (String wrong : List.of("ap-guangzhou-3", "ap-shanghai-12", "vpc-1yxuk010", "eni-pvsvph0u", "ins-1a2b3c4d")) {
      assertThat(apiServer.validateCreate(with("/spec/cloud", "region", wrong))).as(wrong)
          .anySatisfy(e -> assertThat(e).startsWith("spec.cloud.region: spec.cloud.region must be a region such as ap-guangzhou"));
    }
  }

  private static void assertRejected(String vip, String why) {
    assertThat(apiServer.validateCreate(with("/spec/vip", "address", vip))).as(vip)
        .singleElement().satisfies(e -> assertThat(e).startsWith("spec.vip.address: spec.vip.address")
            .contains(why).contains("can never be an ENI's secondary IP"));
  }

  private static JsonNode with(String object, String field, String value) {
    ObjectNode pair = example.deepCopy();
    ((ObjectNode) pair.at(object)).put(field, value);
    return pair;
  }
}
