package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Produces the committed CRD: fabric8's generated CRD, with every field's Javadoc as its
 * description (what {@code kubectl explain} shows) and the printer columns in the order they are
 * declared on {@link VipPair} (the generator sorts them by name). The Javadoc is the single source
 * of the descriptions, so editing a field's Javadoc without regenerating the file fails the build.
 */
final class CrdWriter {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/vippairs.vippair.io-v1.yml");
  static final Path COMMITTED = Path.of("vippairs.vippair.io-v1.yaml");
  static final Path SOURCES = Path.of("src/main/java");
  static final String HEADER = """
      # Generated from the Java types in crds/src/main/java (fabric8 crd-generator, descriptions from
      # the fields' Javadoc). Do not edit: change the types, then run
      #   ./mvnw -pl crds test -Dvippair.crd.write=true
      """;

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private final Map<Class<?>, Map<String, String>> javadocCache = new HashMap<>();

  /** The committed CRD's expected text. */
  String render() throws IOException {
    ObjectNode crd = (ObjectNode) YAML.readTree(GENERATED.toFile());
    ObjectNode version = (ObjectNode) crd.at("/spec/versions/0");
    orderPrinterColumns((ArrayNode) version.get("additionalPrinterColumns"));
    ObjectNode root = (ObjectNode) version.at("/schema/openAPIV3Schema");
    root.put("description", classJavadoc(VipPair.class));
    ObjectNode props = (ObjectNode) root.get("properties");
    describeObject((ObjectNode) props.get("spec"), VipPairSpec.class, classJavadoc(VipPairSpec.class));
    describeObject((ObjectNode) props.get("status"), VipPairStatus.class, classJavadoc(VipPairStatus.class));
    return HEADER + YAML.writeValueAsString(crd);
  }

  private static void orderPrinterColumns(ArrayNode columns) {
    List<String> declared = new ArrayList<>();
    for (AdditionalPrinterColumn c : VipPair.class.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      declared.add(c.name());
    }
    List<JsonNode> sorted = new ArrayList<>();
    columns.forEach(sorted::add);
    sorted.sort((a, b) -> Integer.compare(declared.indexOf(a.get("name").asText()), declared.indexOf(b.get("name").asText())));
    columns.removeAll();
    sorted.forEach(columns::add);
  }

  private void describeObject(ObjectNode schema, Class<?> type, String description) throws IOException {
    if (description != null && !description.isEmpty()) {
      schema.put("description", description);
    }
    JsonNode props = schema.get("properties");
    if (props == null || !type.getPackageName().equals(VipPair.class.getPackageName())) {
      return;
    }
    Map<String, String> docs = fieldJavadoc(type);
    for (var it = props.fields(); it.hasNext(); ) {
      var entry = it.next();
      Field field = fieldForJsonName(type, entry.getKey())
          .orElseThrow(() -> new IllegalStateException("no field for " + type.getSimpleName() + "." + entry.getKey()));
      String doc = docs.get(field.getName());
      if (doc == null) {
        throw new IllegalStateException(type.getSimpleName() + "." + field.getName()
            + " has no Javadoc: every API field needs one (it becomes the CRD description)");
      }
      describeProperty((ObjectNode) entry.getValue(), field.getGenericType(), doc);
    }
  }

  private void describeProperty(ObjectNode schema, Type type, String doc) throws IOException {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      schema.put("description", doc);
      if (List.class.isAssignableFrom(raw) && schema.has("items")) {
        describeElement((ObjectNode) schema.get("items"), p.getActualTypeArguments()[0]);
      } else if (Map.class.isAssignableFrom(raw) && schema.get("additionalProperties") instanceof ObjectNode values) {
        describeElement(values, p.getActualTypeArguments()[1]);
      }
    } else if (type instanceof Class<?> c && !c.isEnum() && c.getPackageName().equals(VipPair.class.getPackageName())) {
      describeObject(schema, c, doc);
    } else {
      schema.put("description", doc);
    }
  }

  private void describeElement(ObjectNode schema, Type element) throws IOException {
    if (element instanceof Class<?> c && !c.isEnum() && c.getPackageName().equals(VipPair.class.getPackageName())) {
      describeObject(schema, c, classJavadoc(c));
    }
  }

  private static Optional<Field> fieldForJsonName(Class<?> type, String jsonName) {
    for (Field f : type.getDeclaredFields()) {
      JsonProperty jp = f.getAnnotation(JsonProperty.class);
      String name = jp != null && !jp.value().isEmpty() ? jp.value() : f.getName();
      if (name.equals(jsonName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private Map<String, String> fieldJavadoc(Class<?> type) throws IOException {
    if (!javadocCache.containsKey(type)) {
      Map<String, String> docs = new HashMap<>();
      for (FieldDeclaration f : typeDeclaration(type).getFields()) {
        f.getJavadoc().ifPresent(j -> f.getVariables().forEach(v -> docs.put(v.getNameAsString(), clean(j.getDescription().toText()))));
      }
      javadocCache.put(type, docs);
    }
    return javadocCache.get(type);
  }

  private static String classJavadoc(Class<?> type) throws IOException {
    return typeDeclaration(type).getJavadoc().map(j -> clean(j.getDescription().toText())).orElse(null);
  }

  private static TypeDeclaration<?> typeDeclaration(Class<?> type) throws IOException {
    Path file = SOURCES.resolve(type.getName().replace('.', '/') + ".java");
    CompilationUnit unit = StaticJavaParser.parse(file);
    return unit.getTypes().stream().filter(t -> t.getNameAsString().equals(type.getSimpleName())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no type " + type.getSimpleName() + " in " + file));
  }

  /** Javadoc as a user reads it: inline tags reduced to their text, paragraphs kept, lines joined. */
  static String clean(String javadoc) {
    String text = javadoc.replaceAll("\\{@\\w+\\s+([^}]*)}", "$1").replaceAll("<p>", "\n\n").replaceAll("</?\\w+>", "");
    StringBuilder out = new StringBuilder();
    for (String para : text.split("\\n\\s*\\n")) {
      String joined = para.trim().replaceAll("\\s+", " ");
      if (!joined.isEmpty()) {
        out.append(out.length() > 0 ? "\n\n" : "").append(joined);
      }
    }
    return out.toString();
  }
}
