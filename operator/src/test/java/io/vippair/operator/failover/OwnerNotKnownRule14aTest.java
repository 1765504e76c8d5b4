package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.SETTINGS;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VrrpRole;
import org.junit.jupiter.api.Test;

/**
 * Rule 14a (issue 11, "the operator never acts on what it does not know"): a cloud owner whose
 * role is unknown, whose agent is silent, or whose report is older than its restart is treated
 * like a silent master: probed before the VIP moves away from it.
 */
class OwnerNotKnownRule14aTest {

  /** cvm-a holds the VIP as master, cvm-b is backup; then cvm-a's agent restarts and has lost the role. */
  private static PairWorld ownerLostItsRole() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    return w.afterMillis(1000).role(A, VrrpRole.UNKNOWN);
  }

  @Test
  void rule14aAnOwnerWithAnUnknownRoleIsProbedBeforeTheVipMovesAway() {
    PairWorld w = ownerLostItsRole();
    Decision d = w.afterMillis(100).master(B).decide(); // the VRRP link breaks: b claims MASTER

    assertThat(d.action()).as("no move without a probe").isEqualTo(CloudAction.NONE);
    assertThat(d.status().getProbe().getMember()).isEqualTo(A);
    assertThat(d.status().getMaster()).isNull();
    assertThat(d.recheckAfter()).isEqualTo(SETTINGS.probeDeadline());
  }

  @Test
  void rule14aAnOwnerThatAnswersButHasNoRoleKeepsTheVipAndThePairSaysWhy() {
    PairWorld w = ownerLostItsRole();
    w.afterMillis(100).master(B).decide();
    Decision d = w.afterMillis(200).answersProbe(A).decide();
    Decision later = w.after(SETTINGS.probeDeadline()).decide();

    for (Decision x : new Decision[] {d, later}) {
      assertThat(x.action()).isEqualTo(CloudAction.NONE);
      assertThat(x.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(condition(x, Conditions.READY).getReason()).isEqualTo(Reasons.OWNER_UNCONFIRMED);
      assertThat(condition(x, Conditions.READY).getMessage()).contains(A, "reports no VRRP role");
    }
  }

  @Test
  void rule14aAnOwnerThatDoesNotAnswerIsTakenForDeadAndTheVipMoves() {
    PairWorld w = ownerLostItsRole();
    w.afterMillis(100).master(B).decide();
    Decision d = w.after(SETTINGS.probeDeadline()).decide();

    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
  }

  @Test
  void rule14aAnOwnerWhoseAgentIsSilentIsProbedEvenIfItsLastReportSaysBackup() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(1000).backup(A).leaseStale(A).master(B).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getProbe().getMember()).isEqualTo(A);
    assertThat(condition(d, Conditions.READY).getMessage()).contains("its agent is silent");
  }

  @Test
  void rule14aAnOwnerWhoseReportIsOlderThanItsAgentsRestartIsProbed() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    w.afterMillis(1000).backup(A).master(B);
    w.agentRestartedNow(A);
    Decision d = w.afterMillis(10).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getProbe().getMember()).isEqualTo(A);
    assertThat(condition(d, Conditions.READY).getMessage()).contains("older than its agent's restart");
  }

  @Test
  void rule14aAKnownSteppedDownOwnerIsNotProbed() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(1000).backup(A).master(B).decide();

    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
    assertThat(d.status().getProbe()).isNull();
  }
}
