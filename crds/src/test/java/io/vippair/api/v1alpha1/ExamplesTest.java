package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in deploy/examples is accepted; every one in deploy/examples/invalid is rejected for its stated reason. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("../deploy/examples");
  static ApiServerValidation apiServer;

  @BeforeAll
  static void load() throws IOException {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
  }

  static Stream<Path> validExamples() throws IOException {
    return yamlFiles(EXAMPLES);
  }

  static Stream<Path> invalidExamples() throws IOException {
    return yamlFiles(EXAMPLES.resolve("invalid"));
  }

  @ParameterizedTest
  @MethodSource("validExamples")
  void validExampleIsAccepted(Path file) throws IOException {
    List<JsonNode> pairs = vipPairs(file);
    assertThat(pairs).as("%s holds at least one VipPair", file).isNotEmpty();
    for (JsonNode pair : pairs) {
      assertThat(apiServer.validateCreate(pair)).as("%s %s", file, pair.at("/metadata/name")).isEmpty();
      // and it binds to the Java types the operator and agents use
      VipPair typed = Serialization.unmarshal(pair.toString(), VipPair.class);
      assertThat(typed.getSpec().getMembers()).hasSize(2);
    }
  }

  @ParameterizedTest
  @MethodSource("invalidExamples")
  void invalidExampleIsRejectedForItsReason(Path file) throws IOException {
    String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
    List<JsonNode> pairs = vipPairs(file);
    assertThat(pairs).hasSize(1);
    List<String> errors = apiServer.validateCreate(pairs.get(0));
    assertThat(errors).as("%s is rejected", file).isNotEmpty();
    assertThat(errors).as("%s is rejected with '%s'", file, expected).anySatisfy(e -> assertThat(e).contains(expected));
  }

  @Test
  void invalidFolderCoversEveryCelRuleOfTheSpec() throws IOException {
    List<String> messages = new ArrayList<>();
    for (Path f : invalidExamples().toList()) {
      messages.add(Files.readAllLines(f).get(0));
    }
    JsonNode crd = new YAMLMapper().readTree(CrdWriter.COMMITTED.toFile());
    List<String> ruleMessages = new ArrayList<>();
    crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec").findValues("x-kubernetes-validations")
        .forEach(list -> list.forEach(r -> ruleMessages.add(r.get("message").asText())));
    for (String ruleMessage : ruleMessages) {
      if (ruleMessage.contains("immutable")) {
        continue; // a transition rule: covered by vipAddressIsImmutableOnUpdate, no single manifest can break it
      }
      assertThat(messages).as("an invalid example breaks the rule '%s'", ruleMessage)
          .anySatisfy(m -> assertThat(ruleMessage).contains(m.replaceFirst("^# expect: ", "")));
    }
  }

  @Test
  void vipAddressIsImmutableOnUpdate() throws IOException {
    JsonNode old = vipPairs(EXAMPLES.resolve("equal-pair.yaml")).get(0);
    JsonNode changed = old.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) changed.at("/spec/vip")).put("address", "10.0.1.101");
    assertThat(apiServer.validate(changed, old)).containsExactly("spec.vip.address: spec.vip.address is immutable: create a new VipPair for another VIP");
    JsonNode otherChange = old.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) otherChange.at("/spec/vrrp")).put("virtualRouterId", 52);
    assertThat(apiServer.validate(otherChange, old)).isEmpty();
  }

  @Test
  void everyRuleIsStandardCel() {
    assertThat(apiServer.compileAllRules()).hasSizeGreaterThanOrEqualTo(9);
  }

  private static Stream<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  private static List<JsonNode> vipPairs(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if ("VipPair".equals(doc.path("kind").asText())) {
          out.add(doc);
        }
      }
    }
    return out;
  }
}
