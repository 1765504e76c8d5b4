package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds, renders and parses the files under deploy/ for the tests of this module. */
final class DeployAssets {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private DeployAssets() {}

  /** The repository's root (surefire passes it; running from the module directory also works). */
  static Path repoRoot() {
    Path root = Path.of(System.getProperty("vippair.repo.root", "..")).toAbsolutePath().normalize();
    assertThat(root.resolve("deploy")).as("deploy/ under the repository root %s", root).isDirectory();
    return root;
  }

  static Path deploy(String relative) {
    return repoRoot().resolve("deploy").resolve(relative);
  }

  /**
   * Every directory under deploy/ with a kustomization.yaml, relative to the repository root;
   * kustomize components are left out (they render only inside a kustomization that uses them).
   */
  static List<String> kustomizations() {
    try (Stream<Path> files = Files.walk(repoRoot().resolve("deploy"))) {
      return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
          .filter(p -> !read(p).contains("\nkind: Component\n"))
          .map(p -> repoRoot().relativize(p.getParent()).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

  /** `kubectl kustomize dir` (offline), parsed into its objects; each directory renders once per run. */
  static List<Map<String, Object>> render(String dir) {
    String yaml = RENDERED.computeIfAbsent(dir, d -> {
      Result r = run(List.of("kubectl", "kustomize", repoRoot().resolve(d).toString()));
      assertThat(r.exitCode()).as("kubectl kustomize %s failed:%n%s", d, r.stderr()).isZero();
      return r.stdout();
    });
    return parseYamlDocuments(yaml);
  }

  static List<Map<String, Object>> parseYamlDocuments(String text) {
    try {
      List<Map<String, Object>> docs = new ArrayList<>();
      var parser = new YAMLFactory().createParser(text);
      var it = YAML.readValues(parser, OBJECT);
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> readYamlFile(Path file) {
    return parseYamlDocuments(read(file));
  }

  static Map<String, Object> readJsonObject(String json) {
    try {
      return JSON.readValue(json, OBJECT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
    return ofKind(objects, kind).stream()
        .filter(o -> name.equals(map(o, "metadata").get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) Objects.requireNonNull(parent.get(key), key);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    return v == null ? List.of() : (List<Object>) v;
  }

  /** Whether a program is on PATH. */
  static boolean onPath(String program) {
    return run(List.of("sh", "-c", "command -v " + program)).exitCode() == 0;
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a local program with a generous deadline; output is small (manifests, lint). */
  static Result run(List<String> command) {
    return run(command, Map.of());
  }

  static Result run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(repoRoot().toFile());
      pb.environment().putAll(env);
      Path out = Files.createTempFile("deploy-tests", ".out");
      Path err = Files.createTempFile("deploy-tests", ".err");
      try {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
