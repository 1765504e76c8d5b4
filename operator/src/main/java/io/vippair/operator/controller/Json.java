package io.vippair.operator.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The one JSON mapper of the controller (fabric8's, so dates and quantities match the client's). */
final class Json {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final ObjectMapper MAPPER = SERIALIZATION.getMapper();

  private Json() {}

  static JsonNode tree(Object value) {
    return value == null ? MAPPER.nullNode() : MAPPER.valueToTree(value);
  }

  /** Whether two objects serialize to the same JSON (the model classes have no equals). */
  static boolean same(Object a, Object b) {
    return tree(a).equals(tree(b));
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
