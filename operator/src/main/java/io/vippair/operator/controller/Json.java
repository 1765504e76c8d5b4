package io.vippair.operator.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** JSON helpers of the controller, on fabric8's serialization (so it matches the client's). */
final class Json {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Json() {}

  static JsonNode tree(Object value) {
    return value == null ? JsonNodeFactory.instance.nullNode() : SERIALIZATION.convertValue(value, JsonNode.class);
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Whether two objects serialize to the same JSON (the model classes have no equals). */
  static boolean same(Object a, Object b) {
    return tree(a).equals(tree(b));
  }

  static String write(JsonNode node) {
    return SERIALIZATION.asJson(node);
  }
}
