package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.SwitchoverRules25To27Test.steadyOnA;
import static io.vippair.operator.failover.SwitchoverRules25To27Test.switchover;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SwitchoverMode;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rule 26b (issue 14, make-before-break): the cloud moves the VIP to a target that already holds
 * it while the old master stays MASTER; only then is the old master fenced. Failures end it with
 * the VIP following the master again.
 */
class SwitchoverMakeBeforeBreakRule26bTest {

  static PairWorld requestedMbb(PairWorld w) {
    SwitchoverRequest req = new SwitchoverRequest(B, "m-1");
    req.setMode(SwitchoverMode.MakeBeforeBreak);
    w.spec.setSwitchover(req);
    return w.specEdited().configApplied();
  }

  /** b's agent raised its priority and holds the VIP on lo. */
  static PairWorld targetReady(PairWorld w) {
    w.report(B).setSwitchoverReady("m-1");
    w.report(B).setSwitchoverVipHeld("m-1");
    return w;
  }

  /** Accepted, b ready, the cloud asked to move the VIP to b. */
  static PairWorld moving() {
    PairWorld w = requestedMbb(steadyOnA());
    w.decide();
    Decision d = targetReady(w.afterMillis(1100)).decide();
    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.PLANNED_SWITCHOVER));
    return w;
  }

  @Test
  void rule26bTheCloudMovesTheVipBeforeTheMasterStepsDownThenVrrpHandsOver() {
    PairWorld w = requestedMbb(steadyOnA());
    Decision accepted = w.decide();
    assertThat(accepted.action()).isEqualTo(CloudAction.NONE);
    assertThat(accepted.status().getFence()).isNull();
    assertThat(switchover(accepted).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
    assertThat(switchover(accepted).getMode()).isEqualTo(SwitchoverMode.MakeBeforeBreak);

    w.afterMillis(1000).report(B).setSwitchoverReady("m-1");
    Decision raisedOnly = w.decide();
    assertThat(raisedOnly.action()).as("not before b holds the VIP").isEqualTo(CloudAction.NONE);
    assertThat(raisedOnly.status().getFence()).isNull();

    w.afterMillis(100).report(B).setSwitchoverVipHeld("m-1");
    Decision move = w.decide();
    assertThat(move.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.PLANNED_SWITCHOVER));
    assertThat(move.status().getFence()).as("a stays MASTER while the cloud moves the VIP").isNull();
    assertThat(switchover(move).getCloudMoveIssuedAt()).isNotNull();

    Decision running = w.afterMillis(250).decide();
    assertThat(running.action()).isEqualTo(CloudAction.NONE);
    assertThat(running.status().getFence()).isNull();

    Decision landed = w.afterMillis(800).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(landed.action()).as("rule 19 does not move it back to the master a").isEqualTo(CloudAction.NONE);
    assertThat(landed.status().getFence().getMember()).isEqualTo(A);
    assertThat(landed.status().getLastFailover().getReason()).isEqualTo(Reasons.PLANNED_SWITCHOVER);
    assertThat(landed.status().getLastFailover().getMillis()).as("the cloud's move, not b's BACKUP age").isEqualTo(1050);
    assertThat(landed.status().getPhase()).isEqualTo(Phase.Converging);
    assertThat(condition(landed, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.HELD);

    Decision done = w.afterMillis(30).role(A, VrrpRole.FAULT).master(B).decide();
    assertThat(done.action()).isEqualTo(CloudAction.NONE);
    assertThat(switchover(done).getPhase()).isEqualTo(SwitchoverPhase.Succeeded);
    assertThat(switchover(done).getOutageEstimateMs()).isZero();
    assertThat(done.status().getFence()).isNull();
    assertThat(done.events()).extracting(PairEvent::reason).contains(Reasons.SWITCHOVER_SUCCEEDED, Reasons.FENCE_LIFTED);
  }

  @Test
  void rule25MakeBeforeBreakIsRefusedInModeHaVipAndNothingChanges() {
    PairWorld w = steadyOnA();
    w.spec.getCloud().setMode(CloudMode.HaVip);
    Decision d = requestedMbb(w).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getFence()).isNull();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Refused);
    assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_MBB_UNSUPPORTED);
    assertThat(switchover(d).getMessage()).contains("gratuitous ARP");
    assertThat(d.events()).filteredOn(PairEvent::warning).extracting(PairEvent::reason).containsExactly(Reasons.SWITCHOVER_REFUSED);
  }

  @Test
  void rule26bATargetThatNeverHoldsTheVipFailsItWithoutAnyChange() {
    PairWorld w = requestedMbb(steadyOnA());
    w.decide();
    w.report(B).setSwitchoverReady("m-1"); // an agent older than make-before-break: priority raised, no address
    Duration wait = Switchover.READY_WAIT.plusMillis(2 * 1000).plus(Switchover.STEP_DOWN_TIMEOUT); // 2 advert intervals of 1 s
    Decision before = w.after(wait.minusMillis(1)).decide();
    assertThat(switchover(before).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
    Decision d = w.afterMillis(1).decide();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
    assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_TARGET_NOT_READY);
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getFence()).isNull();
    assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
  }

  @Test
  void rule26bAFailedCloudMoveEndsItAndTheMasterKeepsTheVip() {
    PairWorld w = moving();
    Decision d = w.afterMillis(300).task(new TaskState.Failed("InternalError")).decide();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
    assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_CLOUD_MOVE_FAILED);
    assertThat(d.status().getFence()).as("a was never fenced").isNull();
    assertThat(d.action()).as("the VIP is still on the master a").isEqualTo(CloudAction.NONE);
  }

  @Test
  void rule26bATargetThatDoesNotTakeOverAfterTheMoveFailsItAndTheVipFollowsTheMasterBack() {
    PairWorld w = moving();
    Decision landed = w.afterMillis(1000).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(landed.status().getFence().getMember()).isEqualTo(A);
    Decision still = w.after(Switchover.STEP_DOWN_TIMEOUT.minusMillis(1)).decide(); // a ignores its fence, b stays BACKUP
    assertThat(switchover(still).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
    Decision d = w.afterMillis(1).decide();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
    assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_TIMED_OUT);
    assertThat(d.status().getFence()).isNull();
    assertThat(d.action()).as("b is BACKUP: back to the master a").isEqualTo(new CloudAction.Migrate(B, A, Reasons.GRACEFUL_HANDOVER));
  }

  @Test
  void rule26bTheMasterSteppingDownBeforeTheMoveEndsItAndRule19FollowsTheNewMaster() {
    PairWorld w = requestedMbb(steadyOnA());
    w.decide();
    Decision d = w.afterMillis(500).backup(A).master(B).decide();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
    assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_NOT_SETTLED);
    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
  }

  @Test
  void rule26bAPauseBeforeTheMoveEndsItButAfterTheMoveItIsCarriedToItsEnd() {
    PairWorld before = requestedMbb(steadyOnA());
    before.decide();
    before.spec.setPaused(true);
    Decision stopped = before.specEdited().afterMillis(100).decide();
    assertThat(switchover(stopped).getPhase()).isEqualTo(SwitchoverPhase.Failed);
    assertThat(switchover(stopped).getReason()).isEqualTo(Reasons.PAUSED);

    PairWorld after = moving();
    after.spec.setPaused(true);
    after.specEdited().afterMillis(1000).ownedBy(B).task(new TaskState.Succeeded()).decide();
    Decision done = after.afterMillis(30).role(A, VrrpRole.FAULT).master(B).decide();
    assertThat(switchover(done).getPhase()).as("b receives the VIP's traffic: stopping now would black-hole it")
        .isEqualTo(SwitchoverPhase.Succeeded);
  }

  @Test
  void rule26bANewLeaderCarriesOnFromStatusWithoutAskingTheCloudTwice() {
    PairWorld w = moving();
    w.statusFromApiServer(w.status().copyOperatorFields());
    Decision d = w.afterMillis(300).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getFence()).isNull();
    assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
  }
}
