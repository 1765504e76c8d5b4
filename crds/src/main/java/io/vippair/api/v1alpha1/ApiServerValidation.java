package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a real API server would enforce on a VipPair, evaluated from the committed CRD: defaults,
 * the OpenAPI schema (with a JSON-schema validator) and the CEL rules (with cel-java, the same
 * language the API server runs; the rules stay within standard CEL so both agree). fabric8's mock
 * server enforces none of this, so this is how the tests see what users will see, and how
 * {@code vippair validate} checks files offline. Its validator libraries are optional
 * dependencies of this module: a user of this class (crds tests, the cli) declares them, so the
 * operator and the agent do not carry them.
 */
public final class ApiServerValidation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode schema;
  private final JsonSchema jsonSchema;
  private final CelCompiler cel = CelCompilerFactory.standardCelCompilerBuilder()
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  public ApiServerValidation(Path crdFile) throws IOException {
    this(new YAMLMapper().readTree(crdFile.toFile()));
  }

  /** The rules of the CRD this jar ships ({@link VipPair#CRD_RESOURCE}). */
  public static ApiServerValidation ofShippedCrd() {
    try (InputStream in = VipPair.class.getResourceAsStream(VipPair.CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("VipPair CRD not on the classpath at " + VipPair.CRD_RESOURCE);
      }
      return new ApiServerValidation(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the VipPair CRD: " + e.getMessage(), e);
    }
  }

  private ApiServerValidation(JsonNode crd) {
    schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
  }

  /** The errors a create of this object would get, each as "path: message"; empty when accepted. */
  public List<String> validateCreate(JsonNode object) {
    return validate(object, null);
  }

  /** The errors an update from old to object would get (transition rules included). */
  public List<String> validate(JsonNode object, JsonNode old) {
    ObjectNode defaulted = object.deepCopy();
    applyDefaults(schema, defaulted);
    List<String> errors = new ArrayList<>();
    for (ValidationMessage m : jsonSchema.validate(defaulted)) {
      errors.add(m.getMessage().replaceFirst("^\\$\\.", ""));
    }
    JsonNode oldDefaulted = null;
    if (old != null) {
      oldDefaulted = old.deepCopy();
      applyDefaults(schema, oldDefaulted);
    }
    evaluateRules(schema, defaulted, oldDefaulted, "", errors);
    return errors;
  }

  /** All CEL rules of the CRD, compiled: fails on a rule that is not valid standard CEL. */
  public List<String> compileAllRules() {
    List<String> rules = new ArrayList<>();
    collectRules(schema, rules);
    rules.forEach(this::program);
    return rules;
  }

  private static void collectRules(JsonNode node, List<String> into) {
    node.path("x-kubernetes-validations").forEach(r -> into.add(r.get("rule").asText()));
    node.path("properties").forEach(p -> collectRules(p, into));
    if (node.has("items")) {
      collectRules(node.get("items"), into);
    }
    if (node.path("additionalProperties").isObject()) {
      collectRules(node.get("additionalProperties"), into);
    }
  }

  // The API server defaults absent fields of present objects before it validates.
  private static void applyDefaults(JsonNode schemaNode, JsonNode value) {
    if (value instanceof ObjectNode obj && schemaNode.has("properties")) {
      schemaNode.get("properties").fields().forEachRemaining(e -> {
        if (!obj.has(e.getKey()) && e.getValue().has("default")) {
          obj.set(e.getKey(), e.getValue().get("default").deepCopy());
        }
        if (obj.has(e.getKey())) {
          applyDefaults(e.getValue(), obj.get(e.getKey()));
        }
      });
    } else if (value != null && value.isArray() && schemaNode.has("items")) {
      value.forEach(item -> applyDefaults(schemaNode.get("items"), item));
    }
  }

  private void evaluateRules(JsonNode schemaNode, JsonNode value, JsonNode old, String path, List<String> errors) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
      String expr = rule.get("rule").asText();
      boolean transition = expr.contains("oldSelf");
      if (transition && (old == null || old.isMissingNode())) {
        continue; // the API server evaluates transition rules only on updates
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", toCel(value));
      if (transition) {
        vars.put("oldSelf", toCel(old));
      }
      try {
        Object result = program(expr).eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          errors.add((path.isEmpty() ? "" : path.substring(1) + ": ") + rule.get("message").asText());
        }
      } catch (CelEvaluationException e) {
        errors.add(path + ": rule " + expr + " failed to evaluate: " + e.getMessage());
      }
    }
    schemaNode.path("properties").fields().forEachRemaining(e ->
        evaluateRules(e.getValue(), value.get(e.getKey()), old == null ? null : old.get(e.getKey()), path + "." + e.getKey(), errors));
    if (value.isArray() && schemaNode.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        // list items have no identity for transition rules unless the list is keyed: compare by index
        evaluateRules(schemaNode.get("items"), value.get(i), old != null && old.isArray() ? old.get(i) : null, path + "[" + i + "]", errors);
      }
    }
  }

  private CelRuntime.Program program(String expr) {
    return programs.computeIfAbsent(expr, e -> {
      try {
        CelAbstractSyntaxTree ast = cel.compile(e).getAst();
        return runtime.createProgram(ast);
      } catch (CelValidationException | CelEvaluationException ex) {
        throw new IllegalStateException("CEL rule does not compile as standard CEL: " + e + ": " + ex.getMessage(), ex);
      }
    });
  }

  /** JSON as CEL values: integers are int64, objects are maps, arrays are lists. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }
}
