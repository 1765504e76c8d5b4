package io.vippair.operator;

import static io.vippair.operator.Testbed.NAMESPACE;
import static io.vippair.operator.Testbed.VPC;
import static io.vippair.operator.Testbed.eniA;
import static io.vippair.operator.Testbed.eniB;
import static io.vippair.operator.Testbed.member;
import static io.vippair.operator.Testbed.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 24 through the mock API server and the cloud emulator: a paused pair whose master changes
 * says what it would do and the cloud sees no migrate request; resuming moves the VIP once.
 */
class PauseTest {
  private Testbed bed;
  private Testbed.Running operator;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 1, true);
    bed.agents.answeringProbes();
    // a 5-minute resync: only the reports and the spec edits themselves can wake the pair in time
    operator = bed.startOperator("op-1", Duration.ofMinutes(5), false);
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void aPausedPairReportsTheMigrationItWithholdsAndResumingMakesItOnce() {
    bed.create(Testbed.pairObject(0));
    bed.agentsUp(0, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase() == Phase.Ready);

    setPaused(true, "kernel patching on b-0, OPS-1234");
    await().atMost(Duration.ofSeconds(10)).until(() -> condition(Conditions.PAUSED) != null);
    assertThat(condition(Conditions.PAUSED).getMessage()).contains("OPS-1234", "nothing would change now");

    VipPair pair = bed.get(0);
    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    String would = "would migrate the VIP from a-0 to b-0 (rule 19, GracefulHandover)";
    await().atMost(Duration.ofSeconds(10)).until(() -> condition(Conditions.PAUSED).getMessage().contains(would));
    assertThat(condition(Conditions.PAUSED).getReason()).isEqualTo("ChangeWithheld");
    assertThat(condition(Conditions.CLOUD_SYNCED).getReason()).isEqualTo("Paused");
    await().atMost(Duration.ofSeconds(5)).until(() -> withheldEvents().size() == 1);
    assertThat(withheldEvents().get(0).getType()).isEqualTo("Normal");
    assertThat(withheldEvents().get(0).getMessage()).isEqualTo(would + "; paused");

    // five more rounds, each woken by a fresh report of b's: still no cloud change and no second event
    for (int i = 0; i < 5; i++) {
      long seen = operator.reconciles();
      bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
      await().atMost(Duration.ofSeconds(5)).until(() -> operator.reconciles() > seen);
    }
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
    assertThat(bed.cloud.ownerOf(VPC, vip(0))).contains(eniA(0));
    assertThat(withheldEvents()).hasSize(1);
    assertThat(bed.get(0).getStatus().getMaster()).isEqualTo(member("b", 0));

    setPaused(false, null); // the edit bumps the generation, which wakes the pair at once
    await().atMost(Duration.ofSeconds(5)).until(() -> bed.cloud.ownerOf(VPC, vip(0)).equals(Optional.of(eniB(0))));
    await().atMost(Duration.ofSeconds(10)).until(() -> condition(Conditions.PAUSED) == null
        && member("b", 0).equals(bed.get(0).getStatus().getCloudOwner()) && bed.get(0).getStatus().getMigration() == null);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
    assertThat(bed.get(0).getStatus().getFailovers()).isEqualTo(1L);
  }

  private void setPaused(boolean paused, String reason) {
    bed.client.resources(VipPair.class).inNamespace(NAMESPACE).withName(Testbed.name(0)).edit(p -> {
      p.getSpec().setPaused(paused);
      p.getSpec().setPauseReason(reason);
      return p;
    });
  }

  private List<Event> withheldEvents() {
    return bed.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "ChangeWithheld".equals(e.getReason())).toList();
  }

  private Phase phase() {
    VipPair p = bed.get(0);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private Condition condition(String type) {
    VipPair p = bed.get(0);
    return p == null || p.getStatus() == null ? null : p.getStatus().condition(type);
  }
}
