package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** spec.switchover as the API server checks it: a member's name and a nonce, both required. */
class SwitchoverRulesTest {
  static ApiServerValidation apiServer;
  static JsonNode example;

  @BeforeAll
  static void load() throws Exception {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
    example = new YAMLMapper().readTree(Path.of("../deploy/examples/equal-pair.yaml").toFile());
  }

  @Test
  void aRequestForAMemberIsAccepted() {
    String member = example.at("/spec/members/1/name").asText();
    assertThat(apiServer.validateCreate(with(member, "20261204T231500Z-k3x9"))).isEmpty();
  }

  @Test
  void aTargetThatIsNotAMemberIsRejectedNamingTheField() {
    assertThat(apiServer.validateCreate(with("cvm-z", "n1")))
        .containsExactly("spec: spec.switchover.to must be the name of one of spec.members");
  }

  @Test
  void nonceAndTargetAreRequiredAndTheNonceIsShort() {
    ObjectNode pair = example.deepCopy();
    ((ObjectNode) pair.get("spec")).putObject("switchover");
    assertThat(apiServer.validateCreate(pair)).anySatisfy(e -> assertThat(e).contains("nonce"))
        .anySatisfy(e -> assertThat(e).contains("to"));
    assertThat(apiServer.validateCreate(with(example.at("/spec/members/0/name").asText(), "x".repeat(65))))
        .singleElement().satisfies(e -> assertThat(e).contains("spec.switchover.nonce"));
    assertThat(apiServer.validateCreate(with(example.at("/spec/members/0/name").asText(), "has space")))
        .singleElement().satisfies(e -> assertThat(e).contains("spec.switchover.nonce"));
  }

  @Test
  void makeBeforeBreakIsAcceptedInModeEniAndAnUnknownModeIsRejectedNamingTheField() {
    String member = example.at("/spec/members/1/name").asText();
    ObjectNode mbb = (ObjectNode) with(member, "n1");
    ((ObjectNode) mbb.at("/spec/switchover")).put("mode", "MakeBeforeBreak");
    assertThat(apiServer.validateCreate(mbb)).isEmpty();
    ((ObjectNode) mbb.at("/spec/switchover")).put("mode", "Sideways");
    assertThat(apiServer.validateCreate(mbb)).singleElement().satisfies(e -> assertThat(e).contains("spec.switchover.mode"));
  }

  @Test
  void makeBeforeBreakIsRejectedInModeHaVip() {
    String member = example.at("/spec/members/1/name").asText();
    ObjectNode mbb = (ObjectNode) with(member, "n1");
    ((ObjectNode) mbb.at("/spec/switchover")).put("mode", "MakeBeforeBreak");
    ((ObjectNode) mbb.at("/spec/cloud")).put("mode", "HaVip");
    assertThat(apiServer.validateCreate(mbb)).anySatisfy(e -> assertThat(e).contains("MakeBeforeBreak needs spec.cloud.mode Eni"));
  }

  private static JsonNode with(String to, String nonce) {
    ObjectNode pair = example.deepCopy();
    ObjectNode s = ((ObjectNode) pair.get("spec")).putObject("switchover");
    s.put("to", to);
    s.put("nonce", nonce);
    return pair;
  }
}
