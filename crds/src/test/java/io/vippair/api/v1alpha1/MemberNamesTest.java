package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every member name the schema accepts must work as the operator's label key
 * member.vippair.io/NAME (an agent selects its pairs by it) and in the agent's Lease name; the
 * limits of the name are tested against Kubernetes' own rules, stated here independently.
 */
class MemberNamesTest {
  /** Kubernetes: a qualified name's name part, at most 63 characters. */
  private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  /** Kubernetes: a DNS-1123 subdomain (label key prefixes and most object names), at most 253 characters. */
  private static final Pattern SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  static final String LONGEST = "a" + "-".repeat(61) + "9";
  static final List<String> EDGES = List.of("a", "0", "9a", LONGEST, "1".repeat(63), "cvm-" + "x".repeat(59));

  static ApiServerValidation apiServer;
  static JsonNode example;

  @BeforeAll
  static void load() throws Exception {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
    example = new YAMLMapper().readTree(Path.of("../deploy/examples/equal-pair.yaml").toFile());
  }

  @Test
  void everyNameAtTheSchemasLimitsIsAcceptedAndMakesAValidLabelKeyAndLeaseName() {
    for (String name : EDGES) {
      assertThat(apiServer.validateCreate(withMember(name))).as("the schema accepts member %s", name).isEmpty();
      String key = Contract.memberLabel(name);
      String prefix = key.substring(0, key.indexOf('/'));
      String labelName = key.substring(key.indexOf('/') + 1);
      assertThat(prefix.length()).isLessThanOrEqualTo(253);
      assertThat(prefix).matches(SUBDOMAIN);
      assertThat(labelName.length()).as("label name of %s", name).isLessThanOrEqualTo(63);
      assertThat(labelName).matches(LABEL_NAME);
      String lease = Contract.agentLeaseName(name);
      assertThat(lease.length()).isLessThanOrEqualTo(253);
      assertThat(lease).matches(SUBDOMAIN);
    }
  }

  @Test
  void namesBeyondTheLimitsAreRejectedBySpecMembersName() {
    for (String name : List.of("a".repeat(64), "-a", "a-", "A", "a_b", "a.b", "")) {
      assertThat(apiServer.validateCreate(withMember(name))).as("member name '%s'", name)
          .anySatisfy(e -> assertThat(e).startsWith("spec.members[0].name"));
    }
  }

  private static JsonNode withMember(String name) {
    ObjectNode pair = example.deepCopy();
    ((ObjectNode) pair.at("/spec/members/0")).put("name", name);
    return pair;
  }
}
