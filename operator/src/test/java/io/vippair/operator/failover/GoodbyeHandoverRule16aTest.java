package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rule 16a (issue 12, graceful stop): an owner whose keepalived said goodbye (STOP) hands the VIP
 * to a ready BACKUP at once, before that BACKUP's MASTER report; a crash (FAULT), an agent restart,
 * a silent agent, a peer that cannot take over, a paused pair or mode HaVip wait for keepalived.
 */
class GoodbyeHandoverRule16aTest {
  private static final CloudAction NOTHING = CloudAction.NONE;

  private static PairWorld steadyOnA() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    return w.afterMillis(1000);
  }

  @Test
  void rule16aOwnerStopsSoTheVipMovesToTheReadyBackupBeforeItClaimsMaster() {
    PairWorld w = steadyOnA();
    Decision d = w.role(A, VrrpRole.STOP).decide();

    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GOODBYE_HANDOVER));
    assertThat(d.status().getMigration().getVrrpAt()).as("the outage starts with the goodbye").isEqualTo(w.report(A).getSince());
    assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
    assertThat(d.status().getMaster()).isNull();
  }

  @Test
  void rule16aTheMasterReportDuringTheMoveStartsNothingAndTheFailoverCountsFromTheGoodbye() {
    PairWorld w = steadyOnA();
    w.role(A, VrrpRole.STOP).decide();

    Decision during = w.afterMillis(600).master(B).decide();
    assertThat(during.action()).isEqualTo(NOTHING);
    assertThat(during.status().getMaster()).isEqualTo(B);

    Decision done = w.afterMillis(500).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(done.completed()).isEqualTo(new FailoverCompleted(A, B, Reasons.GOODBYE_HANDOVER, Duration.ofMillis(1100)));
    assertThat(done.status().getLastFailover().getReason()).isEqualTo(Reasons.GOODBYE_HANDOVER);
    assertThat(done.status().getFailovers()).isEqualTo(1L);
    assertThat(w.afterMillis(100).decide().action()).as("nothing more once B is master and owner").isEqualTo(NOTHING);
  }

  @Test
  void rule16aACrashReportsFaultAndWaitsForTheNewMasterAsRule19() {
    PairWorld w = steadyOnA();
    Decision crash = w.role(A, VrrpRole.FAULT).decide();
    assertThat(crash.action()).isEqualTo(NOTHING);
    assertThat(condition(crash, Conditions.READY).getReason()).isEqualTo(Reasons.NO_MASTER);

    Decision master = w.afterMillis(3600).master(B).decide();
    assertThat(master.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
  }

  @Test
  void rule16aAnAgentRestartWithoutARoleIsNoGoodbye() {
    Decision d = steadyOnA().role(A, VrrpRole.UNKNOWN).decide();
    assertThat(d.action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAStopReportOlderThanTheAgentsRestartIsNoGoodbye() {
    PairWorld w = steadyOnA();
    w.role(A, VrrpRole.STOP).agentRestartedNow(A);
    assertThat(w.decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAStopFromASilentAgentIsNoGoodbye() {
    assertThat(steadyOnA().role(A, VrrpRole.STOP).leaseStale(A).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAnOwnerThatWasNotTheMasterSaysNoGoodbye() {
    PairWorld w = steadyOnA();
    w.backup(A).decide();                               // no master: rule 16
    Decision d = w.afterMillis(100).role(A, VrrpRole.STOP).decide();
    assertThat(d.action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAPeerInFaultDoesNotGetTheVip() {
    PairWorld w = steadyOnA().role(B, VrrpRole.FAULT);
    assertThat(w.role(A, VrrpRole.STOP).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAnUnhealthyPeerDoesNotGetTheVip() {
    PairWorld w = steadyOnA().unhealthy(B, "tcp 3306 refused");
    assertThat(w.role(A, VrrpRole.STOP).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAFencedPeerDoesNotGetTheVip() {
    PairWorld w = steadyOnA();
    w.report(B).setFenced(true);
    assertThat(w.role(A, VrrpRole.STOP).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAPeerWithASilentAgentDoesNotGetTheVip() {
    PairWorld w = steadyOnA().leaseStale(B);
    assertThat(w.role(A, VrrpRole.STOP).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAPeerWhoseReportPredatesItsAgentsRestartDoesNotGetTheVip() {
    PairWorld w = steadyOnA().agentRestartedNow(B);
    assertThat(w.role(A, VrrpRole.STOP).decide().action()).isEqualTo(NOTHING);
  }

  @Test
  void rule16aAPausedPairWaitsForKeepalivedAndWithholdsNothingEarly() {
    PairWorld w = steadyOnA();
    w.spec.setPaused(true);
    Decision d = w.role(A, VrrpRole.STOP).decide();
    assertThat(d.action()).isEqualTo(NOTHING);
    assertThat(d.status().getMigration()).isNull();
    assertThat(condition(d, Conditions.PAUSED).getReason()).isEqualTo(Reasons.PAUSED);
  }

  @Test
  void rule16aModeHaVipMakesNoEarlyWait() {
    PairWorld w = pair();
    w.spec.getCloud().setMode(CloudMode.HaVip);
    w.master(A).backup(B).ownedBy(A).decide();
    Decision d = w.afterMillis(1000).role(A, VrrpRole.STOP).decide();
    assertThat(d.action()).isEqualTo(NOTHING);
    assertThat(d.status().getMigration()).isNull();
  }

  @Test
  void rule16aABackupThatNeverClaimsMasterKeepsTheVipUntilRule19MovesItToWhoeverDoes() {
    PairWorld w = steadyOnA();
    w.role(A, VrrpRole.STOP).decide();
    Decision moved = w.afterMillis(1100).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(moved.completed().to()).isEqualTo(B);

    Decision waiting = w.afterMillis(2000).backup(A).decide();   // a's keepalived is back; b never claimed MASTER
    assertThat(waiting.action()).isEqualTo(NOTHING);
    assertThat(condition(waiting, Conditions.READY).getReason()).isEqualTo(Reasons.NO_MASTER);

    Decision back = w.afterMillis(3600).master(A).decide();
    assertThat(back.action()).isEqualTo(new CloudAction.Migrate(B, A, Reasons.GRACEFUL_HANDOVER));
  }
}
