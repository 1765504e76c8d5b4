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
 * One version everywhere (docs/releasing.md): the root pom's version is the version of every
 * module, including the image modules outside the default build, of the images the manifests run,
 * and, once it is a release, of a CHANGELOG section. A release bump that misses one fails here.
 */
class ReleaseVersionTest {
  private static final Pattern OUR_IMAGE = Pattern.compile("docker\\.io/vippair/(vippair-[a-z-]+):(\\S+)");

  static String projectVersion() throws Exception {
    Matcher m = Pattern.compile("<artifactId>vippair-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(DeployAssets.repoRoot().resolve("pom.xml")));
    assertThat(m.find()).as("the root pom's version").isTrue();
    return m.group(1);
  }

  private static List<Path> files(String under, String suffix) throws Exception {
    try (Stream<Path> all = Files.walk(DeployAssets.repoRoot().resolve(under))) {
      return all.filter(p -> p.toString().endsWith(suffix) && !p.toString().contains("/target/")).toList();
    }
  }

  @Test
  void everyModuleHasTheRootVersion() throws Exception {
    String version = projectVersion();
    List<String> wrong = new ArrayList<>();
    for (Path pom : files(".", "pom.xml")) {
      Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL)
          .matcher(Files.readString(pom));
      if (parent.find() && !parent.group(1).equals(version)) {
        wrong.add(DeployAssets.repoRoot().relativize(pom) + " has parent version " + parent.group(1));
      }
    }
    assertThat(wrong).as("poms whose parent is not %s (versions:set without -Pimages?)", version).isEmpty();
  }

  @Test
  void theManifestsRunTheImagesOfThisVersion() throws Exception {
    String version = projectVersion();
    List<Path> sources = new ArrayList<>(files("deploy", ".yaml"));
    sources.add(DeployAssets.repoRoot().resolve("deploy/kind/up.sh"));
    List<String> found = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Path file : sources) {
      Matcher m = OUR_IMAGE.matcher(Files.readString(file));
      while (m.find()) {
        found.add(m.group());
        if (!m.group(2).equals(version)) {
          wrong.add(DeployAssets.repoRoot().relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(found).as("image references in deploy/").hasSizeGreaterThanOrEqualTo(3);
    assertThat(wrong).as("images not at %s", version).isEmpty();
    assertThat(Files.readString(DeployAssets.repoRoot().resolve("deploy/kind/up.sh")))
        .contains("readonly TAG=" + version + "\n");
  }

  @Test
  void aReleaseHasAChangelogSection() throws Exception {
    String version = projectVersion();
    String changelog = Files.readString(DeployAssets.repoRoot().resolve("CHANGELOG.md"));
    assertThat(changelog).contains("## [Unreleased]");
    if (!version.endsWith("-SNAPSHOT")) {
      assertThat(changelog).as("CHANGELOG.md section for release %s", version)
          .containsPattern("(?m)^## \\[" + Pattern.quote(version) + "\\] - \\d{4}-\\d{2}-\\d{2}$");
    }
  }
}
