package io.vippair.operator;

import static io.vippair.operator.Testbed.NAMESPACE;
import static io.vippair.operator.Testbed.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator one release older than the CRD: a VipPair that carries fields it does not know in
 * every object of its spec and status. The operator starts (the informer lists it), decides,
 * writes its status, follows a change through its watch, and none of the unknown fields is lost.
 * (The mock API server prunes nothing, as an API server with the newer CRD would not.)
 */
class VersionSkewTest {
  private static final String UNKNOWN = "fromTheFuture";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private Testbed bed;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 1, true);
    bed.agents.answeringProbes();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void olderOperatorStartsActsAndKeepsFieldsItDoesNotKnow() throws Exception {
    ObjectNode newer = (ObjectNode) JSON.readTree(SERIALIZATION.asJson(Testbed.pairObject(0)));
    List<String> specPaths = new ArrayList<>();
    addUnknownEverywhere(newer.get("spec"), "/spec", specPaths);
    newer.put(UNKNOWN, "top");
    VipPair created = bed.create(SERIALIZATION.unmarshal(newer.toString(), VipPair.class));
    bed.agentsUp(0, 30);
    patchStatus(created, "{\"status\":{\"" + UNKNOWN + "\":\"status\",\"failovers\":1,\"lastFailover\":{\"from\":\"b-0\","
        + "\"to\":\"a-0\",\"reason\":\"GracefulHandover\",\"millis\":900,\"" + UNKNOWN + "\":\"lastFailover\"},"
        + "\"agents\":{\"a-0\":{\"" + UNKNOWN + "\":\"agent-a\"},\"b-0\":{\"" + UNKNOWN + "\":\"agent-b\"}}}}");

    // the operator starts only now: the issue saw it fail at start on such an object
    bed.startOperator("op-1", Duration.ofSeconds(1), false);
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.get(0).getStatus() != null && bed.get(0).getStatus().getPhase() == Phase.Ready);

    JsonNode stored = raw();
    assertThat(stored.at("/metadata/finalizers").toString()).contains(Contract.FINALIZER);
    assertThat(stored.at("/metadata/labels").has(Contract.memberLabel(member("a", 0)))).isTrue();
    assertThat(specPaths).hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(path -> assertThat(stored.at(path).path(UNKNOWN).isMissingNode()).as("%s/%s kept", path, UNKNOWN).isFalse());
    assertThat(stored.path(UNKNOWN).asText()).isEqualTo("top");
    assertThat(stored.at("/status/" + UNKNOWN).asText()).isEqualTo("status");
    assertThat(stored.at("/status/lastFailover/" + UNKNOWN).asText()).isEqualTo("lastFailover");
    assertThat(stored.at("/status/agents/a-0/" + UNKNOWN).asText()).isEqualTo("agent-a");
    assertThat(stored.at("/status/observedGeneration").isMissingNode()).as("the operator wrote its status").isFalse();

    // the watch follows a change: a graceful handover to b
    VipPair pair = bed.get(0);
    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(20)).until(() -> member("b", 0).equals(bed.get(0).getStatus().getCloudOwner())
        && bed.get(0).getStatus().getPhase() == Phase.Ready);
    JsonNode after = raw();
    assertThat(after.at("/status/" + UNKNOWN).asText()).isEqualTo("status");
    assertThat(after.at("/status/agents/b-0/" + UNKNOWN).asText()).isEqualTo("agent-b");
    assertThat(specPaths).allSatisfy(path -> assertThat(after.at(path).has(UNKNOWN)).as(path).isTrue());
  }

  /** Adds the unknown field to every object under node, recording each object's path. */
  private static void addUnknownEverywhere(JsonNode node, String path, List<String> paths) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        addUnknownEverywhere(object.get(name), path + "/" + name, paths);
      }
      object.put(UNKNOWN, path);
      paths.add(path);
    } else if (node != null && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        addUnknownEverywhere(node.get(i), path + "/" + i, paths);
      }
    }
  }

  private void patchStatus(VipPair pair, String body) {
    bed.client.resource(pair).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }

  private JsonNode raw() {
    var generic = bed.client.genericKubernetesResources(VipPair.GROUP + "/" + VipPair.VERSION, "VipPair")
        .inNamespace(NAMESPACE).withName(Testbed.name(0)).get();
    return JSON.valueToTree(generic);
  }
}
