package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.api.v1alpha1.Probe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairChangeFilterTest {
  private final PairChangeFilter filter = new PairChangeFilter();

  private static VipPair pair(long generation, VrrpRole roleOfA) {
    VipPair p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(generation)
        .withLabels(Map.of("member.vippair.io/a", "true")).withFinalizers(List.of("vippair.io/finalizer")).build());
    VipPairStatus s = new VipPairStatus();
    AgentReport r = new AgentReport();
    r.setRole(roleOfA);
    s.getAgents().put("a", r);
    p.setStatus(s);
    return p;
  }

  @Test
  void theOperatorsOwnStatusWritesDoNotReconcileAgain() {
    VipPair before = pair(1, VrrpRole.MASTER);
    VipPair after = pair(1, VrrpRole.MASTER);
    after.getStatus().setPhase(Phase.Ready);
    after.getStatus().setProbe(new Probe("a", "n1", "2030-01-01T00:00:00Z"));
    after.getMetadata().setResourceVersion("42");
    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void agentReportsSpecLabelsFinalizersAndDeletionDo() {
    VipPair before = pair(1, VrrpRole.MASTER);
    assertThat(filter.accept(pair(1, VrrpRole.BACKUP), before)).as("agent report").isTrue();
    assertThat(filter.accept(pair(2, VrrpRole.MASTER), before)).as("spec").isTrue();
    VipPair relabelled = pair(1, VrrpRole.MASTER);
    relabelled.getMetadata().setLabels(Map.of());
    assertThat(filter.accept(relabelled, before)).as("labels").isTrue();
    VipPair noFinalizer = pair(1, VrrpRole.MASTER);
    noFinalizer.getMetadata().setFinalizers(List.of());
    assertThat(filter.accept(noFinalizer, before)).as("finalizers").isTrue();
    VipPair deleting = pair(1, VrrpRole.MASTER);
    deleting.getMetadata().setDeletionTimestamp("2030-01-01T00:00:00Z");
    assertThat(filter.accept(deleting, before)).as("deletion").isTrue();
    VipPair ack = pair(1, VrrpRole.MASTER);
    ack.getStatus().getAgents().get("a").setAck("n1");
    assertThat(filter.accept(ack, before)).as("a probe answer").isTrue();
  }
}
