package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.extensions.CelExtensions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a ValidatingAdmissionPolicy the way the API server does, for tests: matchConditions
 * (all must be true), then variables in order, then every validation; an expression that fails
 * to evaluate denies, as failurePolicy Fail does. The variables object, oldObject and request
 * are plain maps, as the API server exposes them for a custom resource. Not modelled: the API
 * server's type checking against the CRD schema, and matchConstraints (tests pick the policy).
 */
final class AdmissionPolicyEvaluator {

  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("object", SimpleType.DYN)
      .addVar("oldObject", SimpleType.DYN)
      .addVar("request", SimpleType.DYN)
      .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
      // Kubernetes enables the CEL strings extension (replace, split, ...) in admission policies.
      .addLibraries(CelExtensions.strings())
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
      .addLibraries(CelExtensions.strings())
      .build();

  private final Map<String, Object> spec;

  AdmissionPolicyEvaluator(Map<String, Object> policy) {
    this.spec = map(policy, "spec");
  }

  /** The outcome of one admission request. */
  record Decision(boolean matched, List<String> denials) {
    boolean allowed() {
      return denials.isEmpty();
    }
  }

  Decision admit(Map<String, Object> request, Map<String, Object> object, Map<String, Object> oldObject) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("request", cel(request));
    vars.put("object", cel(object));
    vars.put("oldObject", cel(oldObject));
    Map<String, Object> variables = new LinkedHashMap<>();
    vars.put("variables", variables);

    for (Map<String, Object> condition : entries("matchConditions")) {
      if (!Boolean.TRUE.equals(eval((String) condition.get("expression"), vars))) {
        return new Decision(false, List.of());
      }
    }
    List<String> denials = new ArrayList<>();
    for (Map<String, Object> variable : entries("variables")) {
      try {
        variables.put((String) variable.get("name"), eval((String) variable.get("expression"), vars));
      } catch (IllegalStateException e) {
        // A variable that cannot be evaluated fails every validation that uses it.
        denials.add("variable " + variable.get("name") + ": " + e.getMessage());
        return new Decision(true, denials);
      }
    }
    for (Map<String, Object> validation : entries("validations")) {
      Object result;
      try {
        result = eval((String) validation.get("expression"), vars);
      } catch (IllegalStateException e) {
        denials.add("error: " + e.getMessage());
        continue;
      }
      if (!Boolean.TRUE.equals(result)) {
        String message = validation.containsKey("messageExpression")
            ? String.valueOf(eval((String) validation.get("messageExpression"), vars))
            : (String) validation.get("message");
        denials.add(message);
      }
    }
    return new Decision(true, denials);
  }

  /** Compiles every expression of the policy; throws on the first that does not compile. */
  void compileAll() {
    for (String section : List.of("matchConditions", "variables", "validations")) {
      for (Map<String, Object> e : entries(section)) {
        compile((String) e.get("expression"));
        if (e.containsKey("messageExpression")) {
          compile((String) e.get("messageExpression"));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> entries(String section) {
    return list(spec, section).stream().map(o -> (Map<String, Object>) o).toList();
  }

  private static CelAbstractSyntaxTree compile(String expression) {
    try {
      return COMPILER.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("does not compile: " + expression + "\n" + e.getMessage(), e);
    }
  }

  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private static Object eval(String expression, Map<String, Object> vars) {
    try {
      CelRuntime.Program program = PROGRAMS.get(expression);
      if (program == null) {
        program = RUNTIME.createProgram(compile(expression));
        PROGRAMS.put(expression, program);
      }
      return program.eval(vars);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** JSON numbers as CEL sees them: int and double are 64-bit. */
  @SuppressWarnings("unchecked")
  private static Object cel(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> out.put(k, cel(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(AdmissionPolicyEvaluator::cel).toList();
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }
}
