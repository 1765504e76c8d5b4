package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.mockapi.MockApiServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPublisherTest {

  @Test
  void theOperatorFieldsAreEveryStatusFieldButAgents() {
    List<String> fields = new ArrayList<>();
    Json.tree(filledStatus()).fieldNames().forEachRemaining(fields::add);
    fields.remove("agents");
    assertThat(StatusPublisher.OPERATOR_FIELDS).containsExactlyInAnyOrderElementsOf(fields);
  }

  @Test
  void unsetFieldsAreSentAsNullsAndAgentsNever() {
    VipPairStatus s = new VipPairStatus();
    s.setPhase(Phase.Ready);
    s.getAgents().put("a", new AgentReport());
    JsonNode fields = StatusPublisher.operatorFields(s);
    assertThat(fields.has("agents")).isFalse();
    assertThat(fields.get("phase").asText()).isEqualTo("Ready");
    assertThat(fields.get("probe").isNull()).isTrue();
    assertThat(fields.get("migration").isNull()).isTrue();
  }

  @Test
  void oneRequestPerWriteAndNoneWhenNothingChanged() {
    try (MockApiServer api = MockApiServer.start()) {
      VipPair pair = new VipPair();
      pair.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName("p").build());
      VipPair created = api.client().resource(pair).create();
      // an agent's report is already there: the operator's write must leave it alone
      api.client().resource(created).subresource("status").patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          "{\"status\":{\"agents\":{\"a\":{\"role\":\"MASTER\"}}}}");
      VipPair current = api.client().resource(created).get();
      var publisher = new StatusPublisher(api.client());
      VipPairStatus wanted = new VipPairStatus();
      wanted.setPhase(Phase.Ready);
      wanted.setMaster("a");

      int before = api.requestCount();
      VipPair written = publisher.publish(current, wanted);
      assertThat(written.getStatus().getPhase()).isEqualTo(Phase.Ready);
      int requests = api.requestCount() - before;
      System.out.println("status write: " + requests + " HTTP request(s)");
      assertThat(requests).isEqualTo(1);

      VipPair after = api.client().resource(created).get();
      assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Ready);
      assertThat(after.getStatus().getAgents().get("a").getRole()).isEqualTo(VrrpRole.MASTER);
      assertThat(publisher.publish(after, wanted)).as("unchanged: nothing sent").isNull();
    }
  }

  /** Issue 10, defect 3: a reconcile that throws says so on the pair, not only in the log. */
  @Test
  void aReconcileErrorIsWrittenAsReadyFalseAndLeavesEverythingElse() {
    try (MockApiServer api = MockApiServer.start()) {
      VipPair pair = new VipPair();
      pair.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName("p").withGeneration(2L).build());
      VipPair created = api.client().resource(pair).create();
      api.client().resource(created).subresource("status").patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          "{\"status\":{\"phase\":\"Ready\",\"master\":\"a\",\"agents\":{\"a\":{\"role\":\"MASTER\"}}}}");
      VipPair current = api.client().resource(created).get();

      new StatusPublisher(api.client()).publishError(current, new IllegalStateException("the spec has no members"),
          java.time.Instant.parse("2026-01-01T00:00:00Z"));

      VipPair after = api.client().resource(created).get();
      var ready = after.getStatus().condition(io.vippair.api.v1alpha1.Conditions.READY);
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(StatusPublisher.RECONCILE_ERROR);
      assertThat(ready.getMessage()).contains("IllegalStateException: the spec has no members");
      assertThat(after.getStatus().getMaster()).isEqualTo("a");
      assertThat(after.getStatus().getAgents().get("a").getRole()).isEqualTo(VrrpRole.MASTER);
    }
  }

  private static VipPairStatus filledStatus() {
    VipPairStatus s = new VipPairStatus();
    s.setObservedGeneration(1L);
    s.setPhase(Phase.Ready);
    s.setMaster("a");
    s.setCloudOwner("a");
    s.setProbe(new io.vippair.api.v1alpha1.Probe("a", "n", "t"));
    s.setFence(new io.vippair.api.v1alpha1.Fence("a", "r", "t"));
    s.setMigration(new io.vippair.api.v1alpha1.Migration());
    s.setLastFailover(new io.vippair.api.v1alpha1.LastFailover());
    s.setFailovers(1L);
    s.setSwitchover(new io.vippair.api.v1alpha1.SwitchoverStatus());
    s.setHaVip(new io.vippair.api.v1alpha1.HaVipStatus("a", "eni-a", 700L, null));
    s.setAnnounce(new io.vippair.api.v1alpha1.Announce("a", "n", "t"));
    s.getAgents().put("a", new AgentReport());
    return s;
  }
}
