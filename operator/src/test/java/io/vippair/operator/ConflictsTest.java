package io.vippair.operator;

import static io.vippair.operator.Testbed.NAMESPACE;
import static io.vippair.operator.Testbed.VPC;
import static io.vippair.operator.Testbed.eniA;
import static io.vippair.operator.Testbed.member;
import static io.vippair.operator.Testbed.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conflicting and malformed VipPairs through the mock API server and the cloud emulator: named in
 * status and events, never fought over in the cloud, always deletable.
 */
class ConflictsTest {
  private static final Duration RESYNC = Duration.ofSeconds(1);
  private Testbed bed;
  private Testbed.Running operator;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 2, true);
    bed.agents.answeringProbes();
    operator = bed.startOperator("op-1", RESYNC, false);
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void aCopyPastedPairWithTheSameVipYieldsToTheFirstAndNothingMoves() {
    bed.create(Testbed.pairObject(0));
    bed.agentsUp(0, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase("pair-0") == Phase.Ready);

    // the copy sorts before the original by name: only its later creation makes it yield
    VipPair copy = Testbed.pairObject(0);
    copy.getMetadata().setName("a-copy");
    copy.getSpec().getVrrp().setVirtualRouterId(99);
    copy.getSpec().setDeletionPolicy(DeletionPolicy.Release);
    await().atMost(Duration.ofSeconds(3)).until(() -> !bed.get(0).getMetadata().getCreationTimestamp()
        .equals(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
    bed.create(copy);
    // its agents (were they to run it) would say b is master: the copy must not act on that
    VipPair created = pair("a-copy");
    bed.agents.report(created, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(created, member("b", 0), VrrpRole.MASTER);

    await().atMost(Duration.ofSeconds(10)).until(() -> "VipClaimedByOlderPair".equals(reason("a-copy", Conditions.READY))
        && "VipAlsoClaimedByNewerPair".equals(reason("pair-0", Conditions.DUPLICATE_VIP)));
    assertThat(phase("a-copy")).isEqualTo(Phase.Error);
    assertThat(condition("a-copy", Conditions.DUPLICATE_VIP).getMessage()).contains(NAMESPACE + "/pair-0", vip(0), VPC);
    assertThat(condition("pair-0", Conditions.DUPLICATE_VIP).getMessage()).contains(NAMESPACE + "/a-copy");
    assertThat(phase("pair-0")).as("the first keeps working").isEqualTo(Phase.Ready);
    assertThat(pair("a-copy").getMetadata().getLabels() == null ? java.util.Map.of() : pair("a-copy").getMetadata().getLabels())
        .as("no agent runs the copy").doesNotContainKeys(Contract.memberLabel(member("a", 0)), Contract.memberLabel(member("b", 0)));
    await().atMost(Duration.ofSeconds(5)).until(() -> bed.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .anyMatch(e -> "VipClaimedByOlderPair".equals(e.getReason()) && "Warning".equals(e.getType())
            && "a-copy".equals(e.getInvolvedObject().getName()) && e.getMessage().contains(NAMESPACE + "/pair-0")));

    // several more rounds of the copy: still no cloud change
    long seen = operator.reconciles();
    await().atMost(Duration.ofSeconds(15)).until(() -> operator.reconciles() >= seen + 6);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
    assertThat(bed.cloud.requests(Actions.ASSIGN_PRIVATE_IP_ADDRESSES)).isZero();
    assertThat(bed.cloud.ownerOf(VPC, vip(0))).contains(eniA(0));

    // deleting the copy (policy Release) releases nothing, and the first's condition goes
    bed.client.resource(pair("a-copy")).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> pair("a-copy") == null && condition("pair-0", Conditions.DUPLICATE_VIP) == null);
    assertThat(bed.cloud.requests(Actions.UNASSIGN_PRIVATE_IP_ADDRESSES)).isZero();
    assertThat(bed.cloud.ownerOf(VPC, vip(0))).contains(eniA(0));
    assertThat(phase("pair-0")).isEqualTo(Phase.Ready);
  }

  @Test
  void aPairWithoutSpecOrWithoutItsVipIsNamedAndCanBeDeleted() {
    VipPair noSpec = new VipPair();
    noSpec.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("no-spec").build());
    bed.create(noSpec);
    VipPair noVip = Testbed.pairObject(1);
    noVip.getMetadata().setName("no-vip");
    noVip.getSpec().setVip(null);
    bed.create(noVip);

    await().atMost(Duration.ofSeconds(10)).until(() -> "SpecIncomplete".equals(reason("no-spec", Conditions.READY))
        && "SpecIncomplete".equals(reason("no-vip", Conditions.READY)));
    assertThat(condition("no-spec", Conditions.READY).getMessage()).startsWith("spec is missing");
    assertThat(condition("no-vip", Conditions.READY).getMessage()).startsWith("spec.vip is missing");
    assertThat(phase("no-spec")).isEqualTo(Phase.Error);
    assertThat(pair("no-vip").getMetadata().getFinalizers()).contains(Contract.FINALIZER);

    // the rest of the fleet is unaffected
    bed.create(Testbed.pairObject(0));
    bed.agentsUp(0, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase("pair-0") == Phase.Ready);

    bed.client.resource(pair("no-spec")).delete();
    bed.client.resource(pair("no-vip")).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> pair("no-spec") == null && pair("no-vip") == null);
    assertThat(bed.cloud.requests(Actions.UNASSIGN_PRIVATE_IP_ADDRESSES)).isZero();
  }

  private VipPair pair(String name) {
    return bed.client.resources(VipPair.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Phase phase(String name) {
    VipPair p = pair(name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private Condition condition(String name, String type) {
    VipPair p = pair(name);
    return p == null || p.getStatus() == null ? null : p.getStatus().condition(type);
  }

  private String reason(String name, String type) {
    Condition c = condition(name, type);
    return c == null ? "" : c.getReason();
  }
}
