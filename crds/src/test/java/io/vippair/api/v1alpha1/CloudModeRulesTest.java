package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** spec.cloud.mode and spec.cloud.haVip as the API server enforces them. */
class CloudModeRulesTest {
  static ApiServerValidation apiServer;
  static JsonNode eniPair;
  static JsonNode haVipPair;

  @BeforeAll
  static void load() throws Exception {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
    eniPair = new YAMLMapper().readTree(Path.of("../deploy/examples/equal-pair.yaml").toFile());
    haVipPair = new YAMLMapper().readTree(Path.of("../deploy/examples/havip-pair.yaml").toFile());
  }

  @Test
  void modeDefaultsToEniAndAnOldObjectReadsAsEni() {
    assertThat(apiServer.validateCreate(eniPair)).isEmpty();
    VipPair typed = Serialization.unmarshal(eniPair.toString(), VipPair.class);
    assertThat(typed.getSpec().getCloud().getMode()).isNull();
    assertThat(typed.getSpec().getCloud().haVipMode()).isFalse();
  }

  @Test
  void haVipModeWithIdAndEipIsAcceptedAndBinds() {
    assertThat(apiServer.validateCreate(haVipPair)).isEmpty();
    VipPair typed = Serialization.unmarshal(haVipPair.toString(), VipPair.class);
    assertThat(typed.getSpec().getCloud().haVipMode()).isTrue();
    assertThat(typed.getSpec().getCloud().getHaVip().getId()).isEqualTo("havip-3k9x2m1q");
    assertThat(typed.getSpec().getCloud().getHaVip().getEip()).isEqualTo("203.0.113.10");
  }

  @Test
  void haVipModeByAddressAloneIsAccepted() {
    JsonNode byAddress = haVipPair.deepCopy();
    ((ObjectNode) byAddress.at("/spec/cloud")).remove("haVip");
    assertThat(apiServer.validateCreate(byAddress)).isEmpty();
  }

  @Test
  void anUnknownModeIsRejected() {
    JsonNode wrong = eniPair.deepCopy();
    ((ObjectNode) wrong.at("/spec/cloud")).put("mode", "Havip");
    assertThat(apiServer.validateCreate(wrong)).anySatisfy(e -> assertThat(e).startsWith("spec.cloud.mode"));
  }

  @Test
  void aBadEipIsRejectedNamingTheField() {
    JsonNode wrong = haVipPair.deepCopy();
    ((ObjectNode) wrong.at("/spec/cloud/haVip")).put("eip", "eip-1234abcd");
    assertThat(apiServer.validateCreate(wrong)).anySatisfy(e -> assertThat(e).startsWith("spec.cloud.haVip.eip"));
  }

  @Test
  void modeIsImmutableOnUpdateWhetherWrittenOrDefaulted() {
    JsonNode toHaVip = eniPair.deepCopy();
    ((ObjectNode) toHaVip.at("/spec/cloud")).put("mode", "HaVip");
    assertThat(apiServer.validate(toHaVip, eniPair)).containsExactly("spec.cloud: spec.cloud.mode is immutable: an ENI "
        + "secondary IP and an HAVIP are different addresses; create a new VipPair for the other mode");
    JsonNode explicitEni = eniPair.deepCopy();
    ((ObjectNode) explicitEni.at("/spec/cloud")).put("mode", "Eni");
    assertThat(apiServer.validate(explicitEni, eniPair)).isEmpty();
    JsonNode newEip = haVipPair.deepCopy();
    ((ObjectNode) newEip.at("/spec/cloud/haVip")).put("eip", "203.0.113.11");
    assertThat(apiServer.validate(newEip, haVipPair)).isEmpty();
  }
}
