package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vippair validate on the project's examples: the valid ones pass, each invalid one fails naming file, field and message. */
class ValidateCommandTest {
  static final Path EXAMPLES = Path.of(System.getProperty("vippair.repo.root", ".."), "deploy", "examples");

  @Test
  void theValidExamplesPass() throws IOException {
    List<String> files = yamlFiles(EXAMPLES);
    Run r = Run.of(Map.of(), cmd("validate", files));
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.outLines()).allMatch(l -> l.endsWith(": valid")).isNotEmpty();
  }

  @Test
  void eachInvalidExampleFailsNamingFileFieldAndMessage() throws IOException {
    for (String file : yamlFiles(EXAMPLES.resolve("invalid"))) {
      Run r = Run.of(Map.of(), "validate", file);
      assertThat(r.status()).as(file).isEqualTo(1);
      assertThat(r.outLines()).as(file).anyMatch(l -> l.startsWith(file + ": ") && !l.endsWith(": valid"));
    }
  }

  @Test
  void theMessagesAreTheCrdsOwn() throws IOException {
    Run r = Run.of(Map.of(), "validate", EXAMPLES.resolve("invalid/advert-interval-not-multiple-of-10.yaml").toString());
    assertThat(r.out()).contains("spec.vrrp.advertIntervalMillis: spec.vrrp.advertIntervalMillis must be a multiple of 10 (VRRPv3 counts in centiseconds)");
    r = Run.of(Map.of(), "validate", EXAMPLES.resolve("invalid/duplicate-member-names.yaml").toString());
    assertThat(r.out()).contains("spec: spec.members: member names must be distinct; give each VM its own name");
  }

  @Test
  void aMissingFileIsUsageErrorTwo(@TempDir Path dir) throws IOException {
    Run r = Run.of(Map.of(), "validate", dir.resolve("nope.yaml").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("vippair: " + dir.resolve("nope.yaml") + " is not a readable file: give the path of a VipPair YAML file");
    Path notYaml = Files.writeString(dir.resolve("x.yaml"), "a: [unclosed\n");
    r = Run.of(Map.of(), "validate", notYaml.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).startsWith(notYaml + ": not valid YAML: ");
    Path noPair = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    r = Run.of(Map.of(), "validate", noPair.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("holds no VipPair");
  }

  static List<String> cmd(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    return all;
  }

  static List<String> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Path::toString).toList();
    }
  }
}
