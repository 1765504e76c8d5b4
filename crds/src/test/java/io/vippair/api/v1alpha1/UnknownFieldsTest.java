package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version skew: code one release older than the installed CRD reads VipPairs that carry fields it
 * does not know. It must read them (no UnrecognizedPropertyException, which stopped the operator
 * at start and every agent's watch) and write them back unchanged.
 */
class UnknownFieldsTest {
  static final Path NEWER = Path.of("src/test/resources/version-skew/newer-vippair.yaml");
  static final String UNKNOWN = "fromTheFuture";
  /** The serialization the fabric8 client (and so JOSDK and the agent's informers) uses. */
  private static final KubernetesSerialization CLIENT = new KubernetesSerialization();

  private static JsonNode newer() throws Exception {
    return new YAMLMapper().readTree(NEWER.toFile());
  }

  @Test
  void theFixtureHasAnUnknownFieldInEveryObjectOfTheApi() throws Exception {
    JsonNode pair = newer();
    List<String> missing = new ArrayList<>();
    walk(VipPairSpec.class, pair.get("spec"), "spec", missing);
    walk(VipPairStatus.class, pair.get("status"), "status", missing);
    assertThat(missing).as("objects of the fixture without the unknown field, or API fields it lacks").isEmpty();
  }

  @Test
  void everyObjectTypeOfTheApiKeepsUnknownFields() throws Exception {
    List<Class<?>> types = new ArrayList<>();
    collectTypes(VipPairSpec.class, types);
    collectTypes(VipPairStatus.class, types);
    assertThat(types).hasSizeGreaterThanOrEqualTo(16)
        .allSatisfy(t -> assertThat(UnknownFields.class).as(t.getSimpleName()).isAssignableFrom(t));
  }

  @Test
  void readingSucceedsAndWritingBackKeepsEveryUnknownField() throws Exception {
    JsonNode original = newer();
    VipPair typed = CLIENT.unmarshal(original.toString(), VipPair.class);
    assertThat(typed.getSpec().getVip().getAddress()).isEqualTo("10.0.1.100");
    assertThat(typed.getSpec().getMembers().get(1).unknownFields()).containsEntry(UNKNOWN, "member-b");
    assertThat(typed.getStatus().getAgents().get("cvm-a").getRole()).isEqualTo(VrrpRole.MASTER);

    // through text, as on the wire: a long and an int of equal value are then the same node
    JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(CLIENT.asJson(typed));
    assertThat(written.get("spec")).isEqualTo(original.get("spec"));
    assertThat(written.get("status")).isEqualTo(original.get("status"));
    assertThat(written.get(UNKNOWN)).as("a top-level field").isEqualTo(original.get(UNKNOWN));
  }

  @Test
  void knownFieldsStayOutOfTheUnknownMap() throws Exception {
    VipPair typed = CLIENT.unmarshal(newer().toString(), VipPair.class);
    assertThat(typed.getSpec().getCloud().unknownFields()).containsOnlyKeys(UNKNOWN);
    assertThat(typed.getStatus().getMigration().unknownFields()).containsOnlyKeys(UNKNOWN);
  }

  /** Each API field of the type is in the node, and every object on the way carries UNKNOWN. */
  private static void walk(Class<?> type, JsonNode node, String path, List<String> missing) {
    if (node == null || !node.isObject()) {
      missing.add(path + " (absent)");
      return;
    }
    if (!node.has(UNKNOWN)) {
      missing.add(path);
    }
    for (Field f : apiFields(type)) {
      String name = f.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonProperty.class)
          ? f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value() : f.getName();
      Type t = f.getGenericType();
      JsonNode child = node.get(name);
      if (t instanceof Class<?> c && isApiObject(c)) {
        walk(c, child, path + "." + name, missing);
      } else if (t instanceof ParameterizedType p && isApiObject(element(p))) {
        if (child == null || child.isEmpty()) {
          missing.add(path + "." + name + " (empty)");
        } else {
          child.forEach(e -> walk(element(p), e, path + "." + name + "[]", missing));
        }
      }
    }
  }

  private static void collectTypes(Class<?> type, List<Class<?>> into) {
    if (into.contains(type)) {
      return;
    }
    into.add(type);
    for (Field f : apiFields(type)) {
      Type t = f.getGenericType();
      if (t instanceof Class<?> c && isApiObject(c)) {
        collectTypes(c, into);
      } else if (t instanceof ParameterizedType p && isApiObject(element(p))) {
        collectTypes(element(p), into);
      }
    }
  }

  private static List<Field> apiFields(Class<?> type) {
    return java.util.Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class))
        .toList();
  }

  /** The element type of a List or the value type of a Map. */
  private static Class<?> element(ParameterizedType p) {
    Type[] args = p.getActualTypeArguments();
    Type last = args[args.length - 1];
    return last instanceof Class<?> c ? c : Object.class;
  }

  private static boolean isApiObject(Class<?> c) {
    return !c.isEnum() && c.getPackageName().equals(VipPair.class.getPackageName());
  }
}
