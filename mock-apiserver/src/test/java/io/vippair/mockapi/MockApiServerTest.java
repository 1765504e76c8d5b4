package io.vippair.mockapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.vippair.api.v1alpha1.VipPair;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockApiServerTest {
  static MockApiServer server;

  @BeforeAll
  static void start() {
    server = MockApiServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static VipPair pair(String name) {
    VipPair p = new VipPair();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace("db");
    return p;
  }

  @Test
  void crdIsLoadedWithStatusSubresource() {
    var crd = server.client().apiextensions().v1().customResourceDefinitions().withName(VipPair.CRD_NAME).get();
    assertThat(crd).isNotNull();
    assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void statusMergePatchesOfTwoWritersDoNotClobberEachOther() {
    KubernetesClient agent = server.newClient();
    try (agent) {
      server.client().resource(pair("both-writers")).create();
      var op = server.client().resources(VipPair.class).inNamespace("db").withName("both-writers");
      var ag = agent.resources(VipPair.class).inNamespace("db").withName("both-writers");
      ag.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"status\":{\"agents\":{\"cvm-a\":{\"role\":\"MASTER\"}}}}");
      op.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"master\":\"cvm-a\"}}");
      ag.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"status\":{\"agents\":{\"cvm-b\":{\"role\":\"BACKUP\"}}}}");
      VipPair now = op.get();
      assertThat(now.getStatus().getMaster()).isEqualTo("cvm-a");
      assertThat(now.getStatus().getAgents()).containsOnlyKeys("cvm-a", "cvm-b");
    }
  }

  @Test
  void mergePatchReplacesArraysAndNullRemovesAKey() {
    server.client().resource(pair("merge-arrays")).create();
    var op = server.client().resources(VipPair.class).inNamespace("db").withName("merge-arrays");
    op.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"phase\":\"Ready\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},"
            + "{\"type\":\"SplitBrain\",\"status\":\"False\"}]}}");
    op.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"phase\":null,\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");
    op.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}");
    op.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":null,\"b\":\"2\"}}}");

    VipPair now = op.get();
    assertThat(now.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(now.getStatus().getPhase()).isNull();
    assertThat(now.getMetadata().getLabels()).containsExactly(Map.entry("b", "2"));
  }

  @Test
  void statusPatchWithQueryStringStillPatchesStatusOnly() throws Exception {
    server.client().resource(pair("query-patch")).create();
    var http = server.client().getHttpClient();
    String url = server.url() + "/apis/vippair.io/v1alpha1/namespaces/db/vippairs/query-patch/status?fieldManager=kubectl";
    HttpRequest req = http.newHttpRequestBuilder().uri(URI.create(url))
        .method("PATCH", "application/merge-patch+json", "{\"status\":{\"phase\":\"Ready\"}}").build();
    HttpResponse<String> resp = http.sendAsync(req, String.class).get();
    assertThat(resp.isSuccessful()).as("PATCH answered %s", resp.code()).isTrue();
    VipPair now = server.client().resources(VipPair.class).inNamespace("db").withName("query-patch").get();
    assertThat(now.getStatus().getPhase()).hasToString("Ready");
  }

  @Test
  void discoveryNamesTheVipPairResourceWithShortName() throws Exception {
    var http = server.client().getHttpClient();
    HttpResponse<String> resp = http.sendAsync(http.newHttpRequestBuilder()
        .uri(URI.create(server.url() + "/apis/vippair.io/v1alpha1?timeout=32s")).build(), String.class).get();
    assertThat(resp.code()).isEqualTo(200);
    assertThat(resp.body()).contains("\"shortNames\":[\"vp\"]").contains("\"kind\":\"APIResourceList\"");
  }

  @Test
  void informerOnIndependentClientSeesStatusChanges() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    try (KubernetesClient other = server.newClient();
         var informer = other.resources(VipPair.class).inNamespace("db").inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
           public void onAdd(VipPair p) { }
           public void onUpdate(VipPair o, VipPair n) {
             if (n.getStatus() != null && n.getStatus().getCloudOwner() != null) {
               seen.put(n.getMetadata().getName(), n.getStatus().getCloudOwner());
             }
           }
           public void onDelete(VipPair p, boolean unknown) { }
         })) {
      server.client().resource(pair("watched")).create();
      server.client().resources(VipPair.class).inNamespace("db").withName("watched").subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"cloudOwner\":\"cvm-b\"}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> "cvm-b".equals(seen.get("watched")));
    }
  }

  @Test
  void tokenRequestsAnswerForServiceAccountsThatExistAndAreLogged() {
    var accounts = server.client().serviceAccounts().inNamespace("vippair-agents");
    accounts.resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata().withName("agent-x")
        .endMetadata().build()).create();
    var asked = new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
        .withNewSpec().withExpirationSeconds(7200L).endSpec().build();
    var answer = accounts.withName("agent-x").tokenRequest(asked);
    assertThat(answer.getStatus().getToken()).startsWith("mock-token-vippair-agents-agent-x-");
    assertThat(java.time.Instant.parse(answer.getStatus().getExpirationTimestamp()))
        .isBetween(java.time.Instant.now().plusSeconds(7100), java.time.Instant.now().plusSeconds(7300));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.withName("nobody").tokenRequest(asked))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class).hasMessageContaining("404");
    assertThat(server.requests()).contains("POST /api/v1/namespaces/vippair-agents/serviceaccounts/agent-x/token");
  }
}
