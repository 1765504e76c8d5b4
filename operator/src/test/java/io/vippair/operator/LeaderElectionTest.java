package io.vippair.operator;

import static io.vippair.operator.Testbed.eniB;
import static io.vippair.operator.Testbed.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on the Lease vippair-operator (the mock API server stubs the
 * SelfSubjectRulesReview JOSDK asks first). The replicas never exit the JVM here
 * (exitOnStopLeading=false); in production they do.
 */
class LeaderElectionTest {
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
  void theStandbyTakesOverAndFinishesTheMigrationInFlight() {
    bed.cloud.faults().migrationDelay(Duration.ofSeconds(4), Duration.ofSeconds(4));
    var one = bed.startOperator("op-1", Duration.ofMinutes(5), true);
    await().atMost(Duration.ofSeconds(20)).until(() -> one.operator().isLeading());
    var two = bed.startOperator("op-2", Duration.ofMinutes(5), true);
    assertThat(two.operator().isLeading()).isFalse();

    bed.create(Testbed.pairObject(0));
    bed.agentsUp(0, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> bed.get(0).getStatus() != null
        && bed.get(0).getStatus().getPhase() == Phase.Ready);
    assertThat(two.reconciles()).as("the standby reconciles nothing").isZero();
    assertThat(two.operator().notReadyReason()).as("the standby is ready to take over").isNull();

    VipPair pair = bed.get(0);
    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get(0).getStatus().getMigration() != null
        && bed.get(0).getStatus().getMigration().getTaskId() != null);
    bed.stop(one);

    // the stopped leader released the Lease (LeaderHandOver): the standby takes it on its next try
    await().atMost(Duration.ofSeconds(40)).until(() -> two.operator().isLeading());
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.get(0).getStatus().getMigration() == null
        && member("b", 0).equals(bed.get(0).getStatus().getCloudOwner()));
    assertThat(bed.cloud.ownerOf(Testbed.VPC, Testbed.vip(0))).contains(eniB(0));
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
    assertThat(bed.client.leases().inNamespace(Testbed.LEASE_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get()
        .getSpec().getHolderIdentity()).isEqualTo("op-2");
    assertThat(two.registry().find("vippair.leader").gauge().value()).isEqualTo(1.0);
    assertThat(List.of(two.reconciles())).allMatch(n -> n > 0);
  }
}
