package io.vippair.operator;

import static io.vippair.operator.Testbed.NAMESPACE;
import static io.vippair.operator.Testbed.VPC;
import static io.vippair.operator.Testbed.eniA;
import static io.vippair.operator.Testbed.eniB;
import static io.vippair.operator.Testbed.member;
import static io.vippair.operator.Testbed.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the mock Kubernetes API and the cloud emulator through the real cloud port
 * and SDK, with simulated agents. Every wait has a deadline; counts of cloud requests come from the
 * emulator.
 */
class ControllerTest {
  private static final Duration RESYNC = Duration.ofSeconds(2);
  private Testbed bed;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 3, true);
    bed.agents.answeringProbes();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  private VipPair readyPair(int i) {
    bed.create(Testbed.pairObject(i));
    bed.agentsUp(i, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase(i) == Phase.Ready);
    return bed.get(i);
  }

  private Phase phase(int i) {
    VipPair p = bed.get(i);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private Optional<String> owner(int i) {
    return bed.cloud.ownerOf(VPC, vip(i));
  }

  @Test
  void labelsFinalizerAndReadyStatusForAHealthyPair() {
    bed.startOperator("op-1", RESYNC, false);
    VipPair pair = readyPair(0);

    assertThat(pair.getMetadata().getLabels())
        .containsEntry(Contract.memberLabel(member("a", 0)), "true")
        .containsEntry(Contract.memberLabel(member("b", 0)), "true");
    assertThat(pair.getMetadata().getFinalizers()).contains(Contract.FINALIZER);
    assertThat(pair.getStatus().getCloudOwner()).isEqualTo(member("a", 0));
    assertThat(pair.getStatus().getMaster()).isEqualTo(member("a", 0));
    assertThat(pair.getStatus().getAgents()).containsKeys(member("a", 0), member("b", 0));
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
  }

  @Test
  void gracefulHandoverMigratesAtOnce() {
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);

    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);

    // the resync is 5 minutes: only the reaction to the reports can move the VIP in time
    await().atMost(Duration.ofSeconds(10)).until(() -> owner(0).equals(Optional.of(eniB(0))));
    await().atMost(Duration.ofSeconds(10)).until(() -> member("b", 0).equals(bed.get(0).getStatus().getCloudOwner())
        && bed.get(0).getStatus().getMigration() == null);
    VipPair after = bed.get(0);
    assertThat(after.getStatus().getFailovers()).isEqualTo(1L);
    assertThat(after.getStatus().getLastFailover().getTo()).isEqualTo(member("b", 0));
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
  }
}
