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
import io.fabric8.mockwebserver.http.Dispatcher;
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
 *   <li>/openapi answers 404, so kubectl apply works with --validate=false.
 * </ul>
 */
final class ApiServerShims extends Dispatcher {
  private static final String JSON = "application/json";
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Dispatcher crud;
  private final Map<String, String> discovery;

  ApiServerShims(Dispatcher crud) {
    this.crud = crud;
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
    if (q >= 0 && bare.endsWith("/status") && ("PATCH".equals(method) || "PUT".equals(method))) {
      return crud.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), bare,
          request.getHeaders(), request.getBody()));
    }
    return crud.dispatch(request);
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
