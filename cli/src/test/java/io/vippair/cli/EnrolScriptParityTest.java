package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vippair.cli.enrol.AgentIdentity;
import io.vippair.cli.enrol.Vm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One definition of an agent's identity: deploy/agent/create-agent-identity.sh (kubectl only, one
 * VM) must apply exactly the objects vippair enrol applies.
 */
class EnrolScriptParityTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"cvm-a|db web", "cvm-b|", "web-1|cache"})
  void theScriptPrintsTheObjectsEnrolApplies(String member, String namespaces) throws Exception {
    List<String> nss = namespaces == null ? List.of() : List.of(namespaces.split(" "));
    List<String> command = new ArrayList<>(List.of("bash", "deploy/agent/create-agent-identity.sh", "--print", member));
    command.addAll(nss);
    Process p = new ProcessBuilder(command).directory(Path.of(System.getProperty("vippair.repo.root", "..")).toFile())
        .redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(printed).isZero();

    List<JsonNode> fromScript = new ArrayList<>();
    var parser = new YAMLFactory().createParser(printed);
    new ObjectMapper().readValues(parser, JsonNode.class).forEachRemaining(fromScript::add);
    List<JsonNode> fromEnrol = new ArrayList<>();
    for (var obj : AgentIdentity.objects(new Vm(member, nss, null, 1))) {
      fromEnrol.add(new YAMLMapper().readTree(Serialization.asYaml(obj)));
    }
    Comparator<JsonNode> byKindAndPlace = Comparator.comparing(n -> n.path("kind").asText() + "/"
        + n.path("metadata").path("namespace").asText() + "/" + n.path("metadata").path("name").asText());
    fromScript.sort(byKindAndPlace);
    fromEnrol.sort(byKindAndPlace);
    assertThat(fromScript).isEqualTo(fromEnrol);
  }
}
