package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image build as the docs show it is the image build that works: Jib packs the image module's
 * jar, so `package` must run first, and images/pom.xml refuses a base image not pinned by digest
 * unless the command says the image is a throwaway (docs/releasing.md, "Base images").
 */
class ImageBuildCommandsTest {
  private static final String DIGEST = "0123456789abcdef".repeat(4);

  /** Each shell command (continuation lines joined) that builds images, from every doc and script. */
  static List<String> imageCommands() throws Exception {
    Path root = DeployAssets.repoRoot();
    List<Path> sources = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("images/pom.xml"),
        root.resolve("deploy/kind/up.sh")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(sources::add);
    }
    List<String> commands = new ArrayList<>();
    for (Path source : sources) {
      String joined = Files.readString(source).replaceAll("\\\\\\s*\\n\\s*", " ");
      // a command ends at the end of its line, or at the backtick closing it in a table cell
      Matcher m = Pattern.compile("\\./mvnw[^`\\n]*").matcher(joined);
      while (m.find()) {
        if (m.group().contains("-Pimages") && m.group().contains("jib:")) {
          commands.add(source.getFileName() + ": " + m.group().trim());
        }
      }
    }
    return commands;
  }

  @Test
  void everyImageBuildCommandPackagesFirstAndPinsItsBaseOrSaysItIsThrowaway() throws Exception {
    List<String> commands = imageCommands();
    assertThat(commands).as("image build commands in the docs").hasSizeGreaterThanOrEqualTo(4);
    for (String command : commands) {
      int jib = command.indexOf("jib:");
      assertThat(command.lastIndexOf(" package ", jib)).as("`package` before `jib:` in %s", command).isPositive();
      assertThat(command).as("the base is pinned, local, or the image a throwaway: %s", command)
          .containsAnyOf("-Dimage.base=tar://", "@sha256:", "-Dimage.allowUnpinnedBase=true");
    }
  }

  /** The regex images/pom.xml's enforcer rule applies to image.base. */
  static Pattern pinRule() throws Exception {
    Matcher m = Pattern.compile("<property>image\\.base</property>\\s*<regex>([^<]+)</regex>")
        .matcher(Files.readString(DeployAssets.repoRoot().resolve("images/pom.xml")));
    assertThat(m.find()).as("images/pom.xml has the enforcer's image.base rule").isTrue();
    return Pattern.compile(m.group(1));
  }

  @Test
  void theBuildAcceptsADigestOrALocalImageAndRefusesATag() throws Exception {
    Pattern rule = pinRule();
    assertThat(rule.matcher("eclipse-temurin:17-jre@sha256:" + DIGEST).matches()).isTrue();
    assertThat(rule.matcher("registry.example.com/vippair/vippair-node-agent-base@sha256:" + DIGEST).matches()).isTrue();
    assertThat(rule.matcher("tar:///tmp/base.tar").matches()).isTrue();
    assertThat(rule.matcher("docker://docker.io/vippair/vippair-node-agent-base:0.1.0").matches()).isTrue();
    assertThat(rule.matcher("eclipse-temurin:17-jre").matches()).isFalse();
    assertThat(rule.matcher("eclipse-temurin:17-jre@sha256:abc").matches()).isFalse();
    assertThat(rule.matcher("docker.io/vippair/vippair-node-agent-base:0.1.0").matches()).isFalse();
  }

  @Test
  void theAgentBaseDockerfileTakesItsBaseAsABuildArgument() throws Exception {
    List<String> from = Files.readAllLines(DeployAssets.repoRoot().resolve("images/node-agent/Dockerfile.base")).stream()
        .filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).containsExactly("FROM ${BASE_IMAGE}");
  }
}
