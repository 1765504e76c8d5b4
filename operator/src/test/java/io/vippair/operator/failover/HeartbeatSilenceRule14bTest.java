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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rule 14b (issue 12, item 1): an old master whose agent's heartbeat has been silent for
 * {@code heartbeatDeadAfter} (500 ms) is dead when its peer claims MASTER, without the probe's
 * wait; the heartbeat only ever shortens the dead case.
 */
class HeartbeatSilenceRule14bTest {
  private static final Duration T = SETTINGS.heartbeatDeadAfter();

  /** cvm-a holds the VIP as master, both agents beat; then the clock moves on with cvm-b still beating. */
  private static PairWorld steadyOnAWithHeartbeats() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A).heartbeatHeard(A).heartbeatHeard(B);
    w.decide();
    return w;
  }

  @Test
  void rule14bSilentForTheLimitWhenThePeerClaimsMasterMeansDeadAtOnceWithTheEvidence() {
    PairWorld w = steadyOnAWithHeartbeats();
    // cvm-a powered off: its beats stop; keepalived on cvm-b waits its master-down time (3.6 s at 1 s adverts)
    Decision d = w.afterMillis(3702).heartbeatHeard(B).master(B).decide();

    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
    assertThat(d.status().getMaster()).isEqualTo(B);
    assertThat(d.status().getProbe().getMember()).as("an expired probe: the evidence, nothing to wait for").isEqualTo(A);
    assertThat(d.status().getProbe().getDeadline()).isEqualTo(w.now().toString());
    assertThat(d.recheckAfter()).as("the next look is at the cloud task, not at a probe").isEqualTo(SETTINGS.taskPollInterval());
    assertThat(condition(d, Conditions.SPLIT_BRAIN).getStatus()).isEqualTo("False");
    assertThat(condition(d, Conditions.SPLIT_BRAIN).getMessage()).contains("no heartbeat from cvm-a for 3,702 ms");
  }

  @Test
  void rule14bSilentForLessThanTheLimitWaitsOnlyUntilTheLimitThenMoves() {
    PairWorld w = steadyOnAWithHeartbeats();
    Decision first = w.afterMillis(200).heartbeatHeard(B).master(B).decide();

    assertThat(first.action()).isEqualTo(CloudAction.NONE);
    assertThat(first.status().getProbe().getMember()).as("the probe runs meanwhile").isEqualTo(A);
    assertThat(first.recheckAfter()).isEqualTo(T.minusMillis(200));

    Decision atLimit = w.after(first.recheckAfter()).heartbeatHeard(B).decide();
    assertThat(atLimit.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
    assertThat(condition(atLimit, Conditions.SPLIT_BRAIN).getMessage()).contains("no heartbeat from cvm-a for 500 ms");
  }

  @Test
  void rule14bAHeardOldMasterIsProbedAsBeforeAndItsAnswerIsASplitBrain() {
    PairWorld w = steadyOnAWithHeartbeats();
    Decision first = w.afterMillis(50).heartbeatHeard(A).heartbeatHeard(B).master(B).decide();
    assertThat(first.action()).isEqualTo(CloudAction.NONE);
    assertThat(first.status().getProbe().getMember()).isEqualTo(A);

    // cvm-a keeps beating: each look at the limit finds it heard, nothing moves
    for (int i = 0; i < 3; i++) {
      Decision d = w.afterMillis(100).heartbeatHeard(A).decide();
      assertThat(d.action()).isEqualTo(CloudAction.NONE);
    }
    Decision answered = w.afterMillis(100).heartbeatHeard(A).answersProbe(A).decide();
    assertThat(answered.action()).isEqualTo(CloudAction.NONE);
    assertThat(answered.status().getPhase()).isEqualTo(Phase.SplitBrain);
  }

  @Test
  void rule14bAnAnsweredProbeWinsOverALaterSilence() {
    PairWorld w = steadyOnAWithHeartbeats();
    w.afterMillis(50).heartbeatHeard(A).master(B).decide();
    w.afterMillis(100).answersProbe(A).decide();

    // the channel from cvm-a breaks (a firewall), while cvm-a is alive and answered: still a split brain
    Decision d = w.afterMillis(2000).heartbeatHeard(B).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
    assertThat(d.status().getMaster()).isNull();
  }

  @Test
  void rule14bAnUnknownChannelLeavesTheProbeAsItWas() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(3702).master(B).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getProbe().getMember()).isEqualTo(A);
    assertThat(d.recheckAfter()).isEqualTo(SETTINGS.probeDeadline());
  }

  @Test
  void rule14bAlsoSettlesAnOwnerWhoseStateIsNotKnown() {
    PairWorld w = steadyOnAWithHeartbeats();
    w.afterMillis(1000).heartbeatHeard(A).heartbeatHeard(B).role(A, VrrpRole.UNKNOWN).decide();
    Decision d = w.afterMillis(800).heartbeatHeard(B).master(B).decide();

    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
    assertThat(condition(d, Conditions.SPLIT_BRAIN).getMessage()).contains("no heartbeat from cvm-a for 800 ms");
  }

  @Test
  void rule14bAfterTheMoveTheSilentOldMasterStaysDeadAndNothingMovesAgain() {
    PairWorld w = steadyOnAWithHeartbeats();
    w.afterMillis(3702).heartbeatHeard(B).master(B).decide();
    w.afterMillis(1000).heartbeatHeard(B).ownedBy(B).task(new io.vippair.operator.cloud.TaskState.Succeeded());
    Decision done = w.decide();
    Decision later = w.afterMillis(5000).heartbeatHeard(B).decide();

    assertThat(done.status().getFailovers()).isEqualTo(1L);
    assertThat(later.action()).isEqualTo(CloudAction.NONE);
    assertThat(later.status().getMaster()).isEqualTo(B);
  }

  @Test
  void rule14bAfterTheHeartbeatIsForgottenTheExpiredProbeKeepsTheOldMasterDeadWithoutANewProbe() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A).heartbeatHeard(A).heartbeatHeard(B);
    w.decide();
    String nonce = w.afterMillis(3702).heartbeatHeard(B).master(B).decide().status().getProbe().getNonce();
    w.afterMillis(1000).ownedBy(B).task(new io.vippair.operator.cloud.TaskState.Succeeded()).decide();

    // an operator restarted since: it has heard nobody yet, the channel is unknown
    PairWorld restarted = w.afterMillis(1000).forgetHeartbeats();
    Decision d = restarted.decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getProbe().getNonce()).as("no new probe").isEqualTo(nonce);
    assertThat(d.status().getMaster()).isEqualTo(B);
    assertThat(d.status().getPhase()).isNotEqualTo(Phase.Converging);
  }

  @Test
  void rule14bAnAgentTakenForDeadThatAnswersTheExpiredProbeIsASplitBrainAndNothingMovesBack() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A).heartbeatHeard(A).heartbeatHeard(B);
    w.decide();
    w.afterMillis(3702).heartbeatHeard(B).master(B).decide();
    w.afterMillis(1000).ownedBy(B).task(new io.vippair.operator.cloud.TaskState.Succeeded()).decide();

    // cvm-a was alive behind a broken channel: its agent answers the probe it finds in status
    Decision d = w.afterMillis(100).answersProbe(A).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
  }
}
