package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rules 25–27 (issue 14 item 1): a planned switchover, its refusals, and its outcome recorded once. */
class SwitchoverRules25To27Test {

  static PairWorld steadyOnA() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    return w.afterMillis(1000);
  }

  static PairWorld requested(PairWorld w, String to, String nonce) {
    w.spec.setSwitchover(new SwitchoverRequest(to, nonce));
    return w.specEdited().configApplied(); // the agents apply the new generation at once
  }

  static SwitchoverStatus switchover(Decision d) {
    return d.status().getSwitchover();
  }

  /** The request to b, accepted, and b's agent reporting its priority raised: a is fenced. */
  static PairWorld started() {
    PairWorld w = requested(steadyOnA(), B, "n-1");
    w.decide();
    w.afterMillis(30).report(B).setSwitchoverReady("n-1");
    Decision d = w.decide();
    assertThat(d.status().getFence().getMember()).isEqualTo(A);
    return w;
  }

  /** From the request to the cloud's confirmation; returns the world with the switchover done. */
  static PairWorld switchedToB() {
    PairWorld w = started();
    w.afterMillis(20).role(A, VrrpRole.FAULT).decide();
    w.afterMillis(80).master(B).decide();
    w.afterMillis(1100).ownedBy(B).task(new TaskState.Succeeded()).decide();
    return w;
  }

  @Nested
  class Rule25AcceptsOrRefuses {
    @Test
    void rule25AnAcceptedRequestRaisesTheTargetThenFencesTheMasterAndMovesNothingYet() {
      PairWorld w = requested(steadyOnA(), B, "n-1");
      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(CloudAction.NONE);
      assertThat(d.status().getFence()).as("not before b's priority is raised").isNull();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
      assertThat(switchover(d).getFrom()).isEqualTo(A);
      assertThat(switchover(d).getTo()).isEqualTo(B);
      assertThat(switchover(d).getRequestedAt()).isNotNull();
      assertThat(condition(d, Conditions.SWITCHOVER).getStatus()).isEqualTo("Unknown");
      assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
      assertThat(d.events()).singleElement().satisfies(e -> {
        assertThat(e.warning()).isFalse();
        assertThat(e.reason()).isEqualTo(Reasons.SWITCHOVER_STARTED);
      });

      w.afterMillis(40).report(B).setSwitchoverReady("n-1");
      Decision fenced = w.decide();
      assertThat(fenced.status().getFence()).extracting(Fence::getMember).isEqualTo(A);
      assertThat(fenced.action()).isEqualTo(CloudAction.NONE);
      assertThat(fenced.events()).isEmpty();
    }

    @Test
    void rule25AnAgentThatNeverSaysItIsReadyGetsTheFenceAfterTheWait() {
      PairWorld w = requested(steadyOnA(), B, "n-1");
      w.decide();
      assertThat(w.after(Switchover.READY_WAIT.plusMillis(2000 - 1)).decide().status().getFence())
          .as("2 s + 2 advert intervals (1 s)").isNull();
      assertThat(w.afterMillis(1).decide().status().getFence()).extracting(Fence::getMember).isEqualTo(A);
    }

    @Test
    void rule25AnUnhealthyTargetIsRefusedWithOneEventAndNothingChanges() {
      PairWorld w = steadyOnA().unhealthy(B, "tcp 3306: connection refused");
      Decision d = requested(w, B, "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_TARGET_UNHEALTHY, "connection refused");

      Decision again = w.afterMillis(2000).decide();
      assertThat(again.events()).as("refused once, not again every round").isEmpty();
      assertThat(switchover(again).getPhase()).isEqualTo(SwitchoverPhase.Refused);
    }

    @Test
    void rule25ATargetInFaultIsRefused() {
      Decision d = requested(steadyOnA().role(B, VrrpRole.FAULT), B, "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_TARGET_UNHEALTHY, "reports FAULT");
    }

    @Test
    void rule25ASilentTargetIsRefused() {
      Decision d = requested(steadyOnA().leaseStale(B), B, "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_TARGET_SILENT, "Lease");
    }

    @Test
    void rule25AFencedTargetIsRefused() {
      PairWorld w = steadyOnA();
      w.report(B).setFenced(true);
      Decision d = requested(w, B, "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_TARGET_FENCED, "fenced");
    }

    @Test
    void rule25APausedPairIsRefused() {
      PairWorld w = steadyOnA();
      w.spec.setPaused(true);
      Decision d = requested(w, B, "n-1").decide();
      assertRefused(d, Reasons.PAUSED, "paused");
    }

    @Test
    void rule25AChangeInFlightIsRefused() {
      PairWorld w = steadyOnA();
      w.backup(A).master(B).decide(); // a handover: the migration to b is in flight
      Decision d = requested(w.afterMillis(100), A, "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_CHANGE_IN_FLIGHT, "in flight");
      assertThat(d.status().getMigration()).as("the change in flight goes on").isNotNull();
    }

    @Test
    void rule25ATargetThatIsNotAMemberIsRefused() {
      Decision d = requested(steadyOnA(), "cvm-z", "n-1").decide();
      assertRefused(d, Reasons.SWITCHOVER_TARGET_NOT_A_MEMBER, "not a member");
    }

    @Test
    void rule25TheCurrentMasterAsTargetSucceedsAtOnceChangingNothing() {
      Decision d = requested(steadyOnA(), A, "n-1").decide();
      assertThat(d.action()).isEqualTo(CloudAction.NONE);
      assertThat(d.status().getFence()).isNull();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Succeeded);
      assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_ALREADY_THERE);
      assertThat(switchover(d).getDurationMs()).isZero();
    }

    @Test
    void rule25BeforeTheFirstLookAtTheCloudTheRequestIsPending() {
      PairWorld w = pair().master(A).backup(B).cloud(new CloudView.NotObserved());
      Decision d = requested(w, B, "n-1").decide();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Pending);
      assertThat(d.status().getFence()).isNull();
      assertThat(d.recheckAfter()).isNotNull();

      Decision seen = w.afterMillis(300).ownedBy(A).decide();
      assertThat(switchover(seen).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
      assertThat(switchover(seen).getRequestedAt()).as("the request's time is kept").isEqualTo(switchover(d).getRequestedAt());
    }

    private void assertRefused(Decision d, String reason, String messagePart) {
      assertThat(d.action()).isEqualTo(CloudAction.NONE);
      assertThat(d.status().getFence()).isNull();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Refused);
      assertThat(switchover(d).getReason()).isEqualTo(reason);
      assertThat(switchover(d).getMessage()).contains(messagePart);
      assertThat(switchover(d).getCompletedAt()).isNotNull();
      assertThat(condition(d, Conditions.SWITCHOVER).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.SWITCHOVER).getReason()).isEqualTo(reason);
      assertThat(d.events()).filteredOn(e -> e.reason().startsWith("Switchover")).singleElement().satisfies(e -> {
        assertThat(e.warning()).isTrue();
        assertThat(e.reason()).isEqualTo(Reasons.SWITCHOVER_REFUSED);
      });
    }
  }

  @Nested
  class Rule26CarriesItOut {
    @Test
    void rule26TheVipFollowsTheTargetWithReasonPlannedSwitchoverAndTheFenceStays() {
      PairWorld w = started();
      Decision stepped = w.afterMillis(20).role(A, VrrpRole.FAULT).decide();
      assertThat(stepped.status().getFence()).as("rule 15 (policy Hold) leaves the switchover's fence alone").isNotNull();
      assertThat(stepped.action()).isEqualTo(CloudAction.NONE);

      Decision d = w.afterMillis(80).master(B).decide();
      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.PLANNED_SWITCHOVER));
      assertThat(d.status().getFence().getMember()).isEqualTo(A);
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
    }

    @Test
    void rule26ANewLeaderCarriesOnFromStatus() {
      PairWorld w = started();
      w.statusFromApiServer(w.status().copyOperatorFields()); // a new leader reads what the last one wrote
      Decision d = w.afterMillis(50).role(A, VrrpRole.FAULT).master(B).decide();
      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.PLANNED_SWITCHOVER));
      assertThat(d.events()).noneMatch(e -> e.reason().equals(Reasons.SWITCHOVER_STARTED));
    }

    @Test
    void rule26ATargetThatFailsBeforeTakingOverFailsTheSwitchoverAndLiftsTheFence() {
      PairWorld w = started();
      Decision d = w.afterMillis(20).role(A, VrrpRole.FAULT).role(B, VrrpRole.FAULT).unhealthy(B, "disk full").decide();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
      assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_TARGET_UNHEALTHY);
      assertThat(d.status().getFence()).isNull();
      assertThat(d.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.FENCE_LIFTED));
    }

    @Test
    void rule26NoMasterClaimWithinTheStepDownTimeoutFailsTheSwitchover() {
      PairWorld w = started();
      assertThat(w.after(Switchover.STEP_DOWN_TIMEOUT.plus(Switchover.READY_WAIT).plusMillis(2000 - 31)).decide().status().getFence()).isNotNull();
      Decision d = w.afterMillis(1).decide();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
      assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_TIMED_OUT);
      assertThat(d.status().getFence()).isNull();
    }

    @Test
    void rule26WithdrawingTheRequestLiftsTheFence() {
      PairWorld w = started();
      w.spec.setSwitchover(null);
      Decision d = w.specEdited().afterMillis(10).decide();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Failed);
      assertThat(switchover(d).getReason()).isEqualTo(Reasons.SWITCHOVER_WITHDRAWN);
      assertThat(d.status().getFence()).isNull();
    }
  }

  @Nested
  class Rule27RecordsTheOutcomeOnce {
    @Test
    void rule27TheCloudsConfirmationEndsItLiftsTheFenceAndRecordsTheTimes() {
      PairWorld w = switchedToB();
      Decision d = w.decide(); // the round after: nothing more to do
      SwitchoverStatus s = w.status().getSwitchover();
      assertThat(s.getPhase()).isEqualTo(SwitchoverPhase.Succeeded);
      assertThat(s.getReason()).isEqualTo(Reasons.SWITCHOVER_SUCCEEDED);
      assertThat(s.getDurationMs()).isEqualTo(30 + 20 + 80 + 1100);
      assertThat(s.getOutageEstimateMs()).as("from a's step-down to the cloud's confirmation").isEqualTo(80 + 1100);
      assertThat(w.status().getFence()).isNull();
      assertThat(w.status().getFailovers()).isEqualTo(1L);
      assertThat(w.status().getLastFailover().getReason()).isEqualTo(Reasons.PLANNED_SWITCHOVER);
      assertThat(condition(d, Conditions.SWITCHOVER).getStatus()).isEqualTo("True");
      assertThat(d.events()).isEmpty();
    }

    @Test
    void rule27TheConfirmingRoundRaisesTheEventsAndThePairIsReady() {
      PairWorld w = started();
      w.afterMillis(20).role(A, VrrpRole.FAULT).report(A).setFenced(true);
      w.decide();
      w.afterMillis(80).master(B).decide();
      Decision d = w.afterMillis(1100).ownedBy(B).task(new TaskState.Succeeded()).decide();
      assertThat(d.events()).extracting(PairEvent::reason)
          .containsExactly(Reasons.FAILOVER, Reasons.SWITCHOVER_SUCCEEDED, Reasons.FENCE_LIFTED);
      assertThat(d.status().getPhase()).as("a, still held in FAULT by its agent, is not a lost redundancy: %s", condition(d, Conditions.READY).getMessage()).isEqualTo(Phase.Ready);

      w.report(A).setFenced(false);
      assertThat(w.afterMillis(50).backup(A).decide().status().getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    void rule27AnAnsweredNonceIsNeverCarriedOutAgainEvenAfterARestart() {
      PairWorld w = switchedToB();
      w.afterMillis(1000).backup(A).decide();
      // later keepalived hands back to a (a failover), while spec.switchover still says b with the same nonce
      w.afterMillis(5000).role(B, VrrpRole.FAULT).master(A).decide();
      w.afterMillis(1000).ownedBy(A).task(new TaskState.Succeeded()).decide();
      w.statusFromApiServer(w.status().copyOperatorFields());
      Decision d = w.afterMillis(1000).backup(B).decide();
      assertThat(d.status().getFence()).isNull();
      assertThat(d.action()).isEqualTo(CloudAction.NONE);
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.Succeeded);
      assertThat(d.events()).noneMatch(e -> e.reason().startsWith("Switchover"));
    }

    @Test
    void rule27ANewNonceIsANewRequest() {
      PairWorld w = switchedToB();
      w.afterMillis(1000).backup(A).decide();
      Decision d = requested(w.afterMillis(1000), A, "n-2").decide();
      assertThat(switchover(d).getPhase()).isEqualTo(SwitchoverPhase.InProgress);
      assertThat(switchover(d).getNonce()).isEqualTo("n-2");
      w.afterMillis(30).report(A).setSwitchoverReady("n-2");
      assertThat(w.decide().status().getFence().getMember()).isEqualTo(B);
    }
  }
}
