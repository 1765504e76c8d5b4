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
import io.vippair.operator.cloud.TaskState;
import org.junit.jupiter.api.Test;

/** Rule 23 (issue 11): not Ready while the other member could not take over; the reason names it and why. */
class RedundancyRule23Test {

  @Test
  void rule23ABackupInFaultMakesThePairDegradedNamingTheMemberAndWhy() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(1000).role(B, VrrpRole.FAULT).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.REDUNDANCY_LOST);
    assertThat(condition(d, Conditions.READY).getMessage()).contains(B, "FAULT", "keepalived is failing or restarting");
  }

  @Test
  void rule23AnUnhealthyBackupIsNamedWithItsHealthMessage() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(1000).role(B, VrrpRole.FAULT).unhealthy(B, "tcp 3306 refused").decide();

    assertThat(condition(d, Conditions.READY).getMessage()).contains(B, "tcp 3306 refused");
  }

  @Test
  void rule23ADeadOldMasterWhoseLastReportStillSaysMasterIsNotReady() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    w.afterMillis(1000).master(B).decide();           // both claim MASTER: a is probed
    w.after(SETTINGS.probeDeadline()).decide();       // no answer: migrate
    Decision done = w.afterMillis(300).ownedBy(B).task(new TaskState.Succeeded()).decide();

    assertThat(done.status().getMaster()).isEqualTo(B);
    assertThat(done.status().getPhase()).as("a's Lease is still fresh, but a is dead").isEqualTo(Phase.Degraded);
    assertThat(condition(done, Conditions.READY).getMessage()).contains(A, "taken for dead");
  }

  @Test
  void rule23BothWorkingIsReady() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    assertThat(w.afterMillis(1000).decide().status().getPhase()).isEqualTo(Phase.Ready);
  }
}
