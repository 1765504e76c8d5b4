package io.vippair.mockapi;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vippair.api.v1alpha1.VipPair;
import java.util.List;
import java.util.Map;

/**
 * What the plain CRUD mock lacks for real clients, in front of it:
 *
 * <ul>
 *   <li>discovery documents and /version, so kubectl can find VipPairs (the mock answers
 *       discovery paths with lists of CRDs otherwise);
 *   <li>an allow-all SelfSubjectRulesReview, which JOSDK asks before leader election (the mock
 *       answers 422);
 *   <li>a /status PATCH or PUT with a query string is routed to /status (the mock ignores the
 *       subresource when a query follows it, and silently patches the main resource);
 *   <li>/openapi answers 404, so kubectl apply works with --validate=false;
 *   <li>a JSON merge patch replaces arrays and removes keys set to null, as RFC 7386 says (the mock
 *       appends to arrays, so a status whose conditions list is patched grows on every write, and
 *       stores nulls): the shim applies such a merge itself and hands the mock an equivalent JSON
 *       patch. Every write passes one lock, so
 *       the read and the write of a merge patch are atomic with respect to all other writes;
 *   <li>the TokenRequest API (POST serviceaccounts/NAME/token), which the mock lacks: an opaque
 *       token for a ServiceAccount that exists, expiring after the requested seconds (404
 *       otherwise). Nothing checks tokens here, so a test can see that one was requested and
 *       when it expires, not that the API server would accept it.
 * </ul>
 *
 * <p>It also keeps the method and path of the last requests ({@link RequestLog}), so a test can
 * assert which calls a client made (the mock has no RBAC to refuse them).
 */
final class ApiServerShims extends Dispatcher {
  private static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";

  private final Dispatcher crud;
  private final Map<String, String> discovery;
  private final Object writes = new Object();
  private final RequestLog log;
  private final java.util.concurrent.atomic.AtomicLong tokens = new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.regex.Pattern TOKEN_REQUEST =
      java.util.regex.Pattern.compile("^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token$");

  ApiServerShims(Dispatcher crud, RequestLog log) {
    this.crud = crud;
    this.log = log;
    this.discovery = Map.of(
        "/version", Serialization.asJson(Map.of(
            "major", "1", "minor", "32", "gitVersion", "v1.32.0-vippair-mock",
            "platform", "linux/amd64", "goVersion", "go1.23", "compiler", "gc")),
        "/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()),
        "/api/v1", resources("v1",
            resource("namespaces", "Namespace", false, List.of("ns")),
            resource("secrets", "Secret", true, List.of()),
            resource("configmaps", "ConfigMap", true, List.of("cm")),
            resource("events", "Event", true, List.of("ev")),
            resource("serviceaccounts", "ServiceAccount", true, List.of("sa"))),
        "/apis", Serialization.asJson(new APIGroupListBuilder()
            .addToGroups(group(VipPair.GROUP, VipPair.VERSION).build())
            .addToGroups(group("coordination.k8s.io", "v1").build())
            .addToGroups(group("apiextensions.k8s.io", "v1").build())
            .build()),
        "/apis/" + VipPair.GROUP, Serialization.asJson(group(VipPair.GROUP, VipPair.VERSION).build()),
        "/apis/" + VipPair.GROUP + "/" + VipPair.VERSION, resources(VipPair.GROUP + "/" + VipPair.VERSION,
            new APIResourceBuilder(resource("vippairs", "VipPair", true, List.of("vp")))
                .withCategories("vippair").withSingularName("vippair").build(),
            new APIResourceBuilder().withName("vippairs/status").withKind("VipPair").withNamespaced(true)
                .withVerbs("get", "patch", "update").build()),
        "/apis/coordination.k8s.io/v1", resources("coordination.k8s.io/v1",
            resource("leases", "Lease", true, List.of())),
        "/apis/apiextensions.k8s.io/v1", resources("apiextensions.k8s.io/v1",
            resource("customresourcedefinitions", "CustomResourceDefinition", false, List.of("crd", "crds"))));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    String method = request.getMethod();
    log.add(method, path);

    if ("GET".equals(method)) {
      String body = discovery.get(bare);
      if (body != null) {
        return json(200, body);
      }
      if (bare.startsWith("/openapi/")) {
        return json(404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404,\"message\":\"no openapi in the mock\"}");
      }
    }
    if ("POST".equals(method) && bare.endsWith("/selfsubjectrulesreviews")) {
      return json(201, Serialization.asJson(new SelfSubjectRulesReviewBuilder()
          .withNewStatus().withIncomplete(false)
          .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
          .endStatus().build()));
    }
    if ("GET".equals(method)) {
      return crud.dispatch(request);
    }
    java.util.regex.Matcher token = TOKEN_REQUEST.matcher(bare);
    if ("POST".equals(method) && token.matches()) {
      return tokenRequest(request, token.group(1), token.group(2));
    }
    synchronized (writes) {
      if ("PATCH".equals(method) && isMergePatch(request)) {
        return mergePatch(request, q >= 0 && bare.endsWith("/status") ? bare : path);
      }
      if (q >= 0 && bare.endsWith("/status") && "PUT".equals(method)) {
        return crud.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), bare,
            request.getHeaders(), request.getBody()));
      }
      return crud.dispatch(request);
    }
  }

  /** A TokenRequest's answer: the request with status.token and status.expirationTimestamp. */
  private MockResponse tokenRequest(RecordedRequest request, String namespace, String account) {
    MockResponse sa = crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET,
        "/api/v1/namespaces/" + namespace + "/serviceaccounts/" + account, request.getHeaders(), new Buffer()));
    if (sa.code() != 200) {
      return json(404, Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", 404,
          "reason", "NotFound", "message", "serviceaccounts \"" + account + "\" not found")));
    }
    String body = request.getUtf8Body();
    JsonNode asked = readJson(body == null || body.isBlank() ? "{}" : body);
    ObjectNode answer = asked != null && asked.isObject() ? (ObjectNode) asked : MAPPER.createObjectNode();
    ObjectNode spec = answer.withObjectProperty("spec");
    long seconds = spec.path("expirationSeconds").asLong(3600);
    spec.put("expirationSeconds", seconds);
    answer.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
    answer.withObjectProperty("metadata").put("name", account).put("namespace", namespace);
    answer.withObjectProperty("status")
        .put("token", "mock-token-" + namespace + "-" + account + "-" + tokens.incrementAndGet())
        .put("expirationTimestamp", java.time.Instant.now().plusSeconds(seconds)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return json(201, answer.toString());
  }

  private static boolean isMergePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(MERGE_PATCH);
  }

  /** RFC 7386 on the stored object, sent to the mock as a JSON patch of the top-level fields it touches. */
  private MockResponse mergePatch(RecordedRequest request, String path) {
    // reading a recorded body consumes it: read it once, forward copies
    String read = request.getUtf8Body();
    String text = read == null ? "" : read;
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    if (!text.contains("[") && !text.contains("null")) {
      // without arrays and nulls the mock's own merge is right, and cheaper (one lookup instead of two)
      return forward(request, path, request.getHeaders(), text);
    }
    boolean status = bare.endsWith("/status");
    String objectPath = status ? bare.substring(0, bare.length() - "/status".length()) : bare;
    MockResponse current = crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, objectPath,
        request.getHeaders(), new Buffer()));
    JsonNode patch = readJson(text);
    JsonNode stored = current.code() == 200 ? readJson(current.getBody().readUtf8()) : null;
    if (patch == null || stored == null || !patch.isObject() || !stored.isObject()) {
      return forward(request, path, request.getHeaders(), text); // let the mock answer (404, 400...) as it would
    }
    JsonNode merged = merge(stored, patch);
    ArrayNode ops = MAPPER.createArrayNode();
    patch.fieldNames().forEachRemaining(field -> {
      if (status && !"status".equals(field)) {
        return; // a /status patch changes nothing else
      }
      JsonNode value = merged.get(field);
      if (value != null) {
        ops.addObject().put("op", "add").put("path", "/" + field).set("value", value);
      } else if (stored.has(field)) {
        ops.addObject().put("op", "remove").put("path", "/" + field);
      }
    });
    Headers headers = request.getHeaders().newBuilder().set("Content-Type", JSON_PATCH).build();
    return forward(request, bare, headers, ops.toString());
  }

  private static JsonNode readJson(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private MockResponse forward(RecordedRequest request, String path, Headers headers, String body) {
    return crud.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), path, headers,
        new Buffer().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  /** RFC 7386: objects merge key by key, null removes a key, anything else (arrays too) replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : MAPPER.createObjectNode();
    patch.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    });
    return result;
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(body);
  }

  private static APIGroupBuilder group(String name, String version) {
    var gv = new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + version).withVersion(version).build();
    return new APIGroupBuilder().withName(name).withVersions(gv).withPreferredVersion(gv);
  }

  private static APIResource resource(String plural, String kind, boolean namespaced, List<String> shortNames) {
    return new APIResourceBuilder().withName(plural).withKind(kind).withNamespaced(namespaced)
        .withShortNames(shortNames).withVerbs(ALL_VERBS).build();
  }

  private static String resources(String groupVersion, APIResource... resources) {
    return Serialization.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build());
  }
}
