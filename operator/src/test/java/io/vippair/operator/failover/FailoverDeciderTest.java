package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.SETTINGS;
import static io.vippair.operator.failover.PairWorld.T0;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.FailoverPolicy;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SplitBrainPolicy;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failover decision, row by row. Each test walks one pair through a scenario with {@link
 * PairWorld}: what the agents report, what the cloud shows, what time it is; and checks the one
 * cloud change decided and what is published.
 */
class FailoverDeciderTest {

  private static final CloudAction NOTHING = CloudAction.NONE;

  /** A pair where cvm-a is master and holds the VIP, cvm-b is backup: the steady state. */
  private static PairWorld steadyOnA() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    return w.afterMillis(1000);
  }

  @Nested
  class SteadyStateRule18 {
    @Test
    void singleFreshMasterOnTheCloudOwnerIsReadyAndChangesNothing() {
      Decision d = pair().master(A).backup(B).ownedBy(A).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
      assertThat(d.status().getMaster()).isEqualTo(A);
      assertThat(d.status().getCloudOwner()).isEqualTo(A);
      assertThat(d.status().getAgents()).isNull();
      assertThat(d.status().getProbe()).isNull();
      assertThat(d.status().getObservedGeneration()).isEqualTo(1L);
      assertThat(d.events()).isEmpty();
      assertThat(d.recheckAfter()).isNull();
      assertThat(d.releaseFinalizer()).isFalse();
      for (String type : Conditions.ALL) {
        String expected = type.equals(Conditions.SPLIT_BRAIN) ? "False" : "True";
        assertThat(condition(d, type).getStatus()).as(type).isEqualTo(expected);
        assertThat(condition(d, type).getObservedGeneration()).as(type).isEqualTo(1L);
      }
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.IN_SYNC);
    }
  }

  @Nested
  class GracefulHandoverRule19 {
    @ParameterizedTest
    @EnumSource(value = VrrpRole.class, names = {"BACKUP", "FAULT", "STOP"})
    void oldMasterSteppedDownSoTheMigrationGoesOutAtOnce(VrrpRole oldMasterNow) {
      PairWorld w = steadyOnA();
      w.role(A, oldMasterNow).afterMillis(20).master(B);
      Instant bBecameMaster = w.now();

      Decision d = w.afterMillis(5).decide();

      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
      assertThat(d.status().getMigration().getKind()).isEqualTo(MigrationKind.Migrate);
      assertThat(d.status().getMigration().getSource()).isEqualTo(A);
      assertThat(d.status().getMigration().getTarget()).isEqualTo(B);
      assertThat(d.status().getMigration().getVrrpAt()).isEqualTo(bBecameMaster.toString());
      assertThat(d.status().getMigration().getReason()).isEqualTo(Reasons.GRACEFUL_HANDOVER);
      assertThat(d.status().getProbe()).as("no probe: the old master said it stepped down").isNull();
      assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.MIGRATION_IN_FLIGHT);
      assertThat(d.recheckAfter()).isEqualTo(SETTINGS.taskPollInterval());
    }
  }

  @Nested
  class OldMasterSilentRules12To14 {
    /** cvm-a held the VIP as master; cvm-b now reports MASTER too; cvm-a's report still says MASTER. */
    private PairWorld bClaimsMasterWhileAStillSaysMaster() {
      return steadyOnA().master(B);
    }

    @Test
    void theOldMasterIsProbedFirstInsteadOfMigrating() {
      PairWorld w = bClaimsMasterWhileAStillSaysMaster();

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getProbe().getMember()).isEqualTo(A);
      assertThat(d.status().getProbe().getNonce()).isNotBlank();
      assertThat(d.status().getProbe().getDeadline()).isEqualTo(w.now().plus(SETTINGS.probeDeadline()).toString());
      assertThat(d.recheckAfter()).isEqualTo(SETTINGS.probeDeadline());
      assertThat(d.status().getMaster()).isNull();
      assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getStatus()).isEqualTo("Unknown");
      assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.AWAITING_PROBE);
    }

    @Test
    void thePendingProbeIsNotRewrittenBeforeItsDeadline() {
      PairWorld w = bClaimsMasterWhileAStillSaysMaster();
      String nonce = w.decide().status().getProbe().getNonce();

      Decision d = w.afterMillis(400).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getProbe().getNonce()).isEqualTo(nonce);
      assertThat(d.recheckAfter()).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void noAckByTheDeadlineMeansDeadAndTheVipMovesWithinTwoSecondsOfTheNewMastersReport() {
      PairWorld w = bClaimsMasterWhileAStillSaysMaster();
      Instant bReported = w.now();
      Decision probe = w.decide();

      Decision d = w.after(probe.recheckAfter()).decide();

      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
      assertThat(d.status().getMaster()).isEqualTo(B);
      assertThat(Duration.between(bReported, w.now())).isLessThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(d.status().getProbe()).as("kept: the evidence that cvm-a is dead").isNotNull();
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getStatus()).isEqualTo("False");
    }

    @Test
    void aStaleLeaseAloneIsNotProofOfDeathButAStaleLeasePlusNoAckIs() {
      PairWorld w = steadyOnA().leaseStale(A).master(B);

      Decision first = w.decide();
      assertThat(first.action()).as("a stale Lease alone: probe, do not migrate").isEqualTo(NOTHING);
      assertThat(first.status().getProbe().getMember()).isEqualTo(A);

      Decision second = w.after(SETTINGS.probeDeadline()).decide();
      assertThat(second.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.MASTER_SILENT));
    }

    @Test
    void afterTheFailoverTheDeadOldMasterIsNotProbedAgainAndThePairIsDegradedNotSplit() {
      PairWorld w = bClaimsMasterWhileAStillSaysMaster();
      w.decide();
      w.after(SETTINGS.probeDeadline()).decide();
      w.afterMillis(800).leaseStale(A).ownedBy(B).task(new TaskState.Succeeded());

      Decision done = w.decide();
      Decision later = w.afterMillis(5000).decide();

      assertThat(done.status().getFailovers()).isEqualTo(1L);
      assertThat(later.action()).isEqualTo(NOTHING);
      assertThat(later.status().getMaster()).isEqualTo(B);
      assertThat(later.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(condition(later, Conditions.AGENTS_REPORTING).getReason()).isEqualTo(Reasons.AGENT_SILENT);
      assertThat(later.status().getProbe().getNonce()).isEqualTo(done.status().getProbe().getNonce());
      assertThat(later.recheckAfter()).isNull();
    }
  }

  @Nested
  class SplitBrainRule15 {
    /** Both alive and MASTER: cvm-b claims MASTER, cvm-a answers the probe. */
    private PairWorld bothAliveAndMaster(SplitBrainPolicy policy) {
      PairWorld w = steadyOnA();
      w.spec.getFailover().setSplitBrainPolicy(policy);
      w.master(B).decide();
      return w.afterMillis(150).answersProbe(A);
    }

    @Test
    void aProbeAnsweredByTheOldMasterMeansSplitBrainAndTheVipStaysWhereTheCloudHasIt() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.Hold);

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getStatus()).isEqualTo("True");
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getReason()).isEqualTo(Reasons.BOTH_MASTER);
      assertThat(d.status().getMaster()).isNull();
      assertThat(d.status().getCloudOwner()).isEqualTo(A);
      assertThat(d.status().getFence()).as("policy Hold never fences").isNull();
      assertThat(d.events()).singleElement().satisfies(e -> {
        assertThat(e.warning()).isTrue();
        assertThat(e.reason()).isEqualTo(Reasons.SPLIT_BRAIN);
      });
    }

    @Test
    void zeroMigrationsAndOneEventForAsLongAsItLasts() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.Hold);
      w.decide();

      for (int i = 0; i < 20; i++) {
        Decision d = w.afterMillis(3000).decide();
        assertThat(d.action()).isEqualTo(NOTHING);
        assertThat(d.events()).isEmpty();
        assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
      }
    }

    @Test
    void aRecentAnswerStillVouchesForAMemberWhoseLeaseJustWentStale() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.Hold);
      String nonce = w.decide().status().getProbe().getNonce();

      Decision d = w.after(Duration.ofSeconds(20)).leaseStale(A).decide();

      assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
      assertThat(d.status().getProbe().getNonce()).isEqualTo(nonce);
    }

    @Test
    void aMemberWhoseAckIsOldAndWhoseLeaseIsStaleIsProbedAgain() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.Hold);
      String firstNonce = w.decide().status().getProbe().getNonce();

      Decision d = w.after(Duration.ofSeconds(40)).leaseStale(A).decide();

      assertThat(d.status().getProbe().getMember()).isEqualTo(A);
      assertThat(d.status().getProbe().getNonce()).isNotEqualTo(firstNonce);
      assertThat(d.action()).isEqualTo(NOTHING);
    }

    @Test
    void fenceNonOwnerFencesTheMemberWithoutTheVip() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.FenceNonOwner);

      Decision d = w.decide();

      assertThat(d.status().getFence().getMember()).isEqualTo(B);
      assertThat(d.status().getFence().getSince()).isEqualTo(w.now().toString());
      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.SPLIT_BRAIN, Reasons.FENCED);
      assertThat(d.action()).isEqualTo(NOTHING);
    }

    @Test
    void fenceNonOwnerNeverFencesTheCloudOwnerEvenWhenTheOwnerIsTheNewerMaster() {
      PairWorld w = pair().master(A).backup(B).ownedBy(B);
      w.spec.getFailover().setSplitBrainPolicy(SplitBrainPolicy.FenceNonOwner);
      w.decide();
      w.afterMillis(300).master(B).decide();
      w.afterMillis(100).answersProbe(A);

      Decision d = w.decide();

      assertThat(d.status().getCloudOwner()).isEqualTo(B);
      assertThat(d.status().getFence().getMember()).isEqualTo(A);
    }

    @Test
    void aFenceThatNamesTheCloudOwnerIsLiftedAtOnce() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.FenceNonOwner);
      w.decide();
      // Someone moved the VIP to the fenced member by hand; cvm-b is fenced and FAULT.
      w.afterMillis(500).role(B, VrrpRole.FAULT).ownedBy(B);

      Decision d = w.decide();

      assertThat(d.status().getFence()).isNull();
      assertThat(d.events()).extracting(PairEvent::reason).contains(Reasons.FENCE_LIFTED);
    }

    @Test
    void switchingThePolicyToHoldLiftsALeftoverFence() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.FenceNonOwner);
      w.decide();
      w.spec.getFailover().setSplitBrainPolicy(SplitBrainPolicy.Hold);

      Decision d = w.afterMillis(500).specEdited().configApplied().decide();

      assertThat(d.status().getFence()).isNull();
      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.FENCE_LIFTED);
    }

    @Test
    void whenOneStepsDownThePairIsReadyAgainWithoutAnyMigration() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.Hold);
      w.decide();

      Decision d = w.afterMillis(2000).backup(B).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
      assertThat(d.status().getMaster()).isEqualTo(A);
      assertThat(d.status().getProbe()).as("answered probe no longer needed").isNull();
      assertThat(d.status().getFailovers()).isNull();
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.SPLIT_BRAIN).getLastTransitionTime()).isEqualTo(w.now().toString());
    }

    @Test
    void theFenceIsLiftedFenceHoldAfterTheSplitBrainEndedAndSetAgainWhenItRecurs() {
      PairWorld w = bothAliveAndMaster(SplitBrainPolicy.FenceNonOwner);
      w.decide();
      Instant ended = w.afterMillis(300).role(B, VrrpRole.FAULT).now();

      Decision justEnded = w.decide();
      assertThat(justEnded.status().getFence().getMember()).as("held after the end").isEqualTo(B);
      assertThat(justEnded.recheckAfter()).isEqualTo(SETTINGS.fenceHold());
      assertThat(justEnded.status().getPhase()).isEqualTo(Phase.Ready);

      Decision beforeHold = w.after(SETTINGS.fenceHold().minusSeconds(1)).decide();
      assertThat(beforeHold.status().getFence()).isNotNull();
      assertThat(beforeHold.recheckAfter()).isEqualTo(Duration.ofSeconds(1));

      Decision lifted = w.afterMillis(1000).decide();
      assertThat(Duration.between(ended, w.now())).isEqualTo(SETTINGS.fenceHold());
      assertThat(lifted.status().getFence()).isNull();
      assertThat(lifted.events()).extracting(PairEvent::reason).containsExactly(Reasons.FENCE_LIFTED);
      assertThat(lifted.action()).isEqualTo(NOTHING);

      // cvm-b comes back as MASTER: the partition is still there.
      w.afterMillis(3000).master(B).decide();
      Decision again = w.afterMillis(100).answersProbe(A).decide();
      assertThat(again.status().getFence().getMember()).isEqualTo(B);
      assertThat(again.action()).isEqualTo(NOTHING);
    }

    @Test
    void duringASplitBrainAnUnassignedVipIsNotAssigned() {
      PairWorld w = pair().master(A).master(B).cloud(new CloudView.Unassigned());
      w.decide();

      Decision d = w.afterMillis(100).answersProbe(A).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);
    }
  }

  @Nested
  class NoUsableMasterRules16To17 {
    @Test
    void noMemberClaimsMasterSoNothingMovesAndThePairIsDegraded() {
      PairWorld w = steadyOnA();

      Decision d = w.backup(A).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(d.status().getMaster()).isNull();
      assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.NO_MASTER);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.HELD);
    }

    @Test
    void noReportsAtAllIsPending() {
      Decision d = pair().ownedBy(A).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Pending);
      assertThat(condition(d, Conditions.AGENTS_REPORTING).getReason()).isEqualTo(Reasons.AGENT_MISSING);
      assertThat(condition(d, Conditions.AGENTS_REPORTING).getMessage()).contains(A, B);
    }

    @Test
    void anUnhealthyMasterDoesNotGetTheVip() {
      PairWorld w = steadyOnA();
      w.backup(A).master(B).unhealthy(B, "tcp 3306: connection refused");

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.MASTER_UNHEALTHY);
      assertThat(condition(d, Conditions.READY).getMessage()).contains(B, "health check fails", "connection refused");
    }
  }

  @Nested
  class AgentsDisagreeWithTheCloudRule19 {
    @Test
    void theMasterGetsTheVipFromABackupOwner() {
      Decision d = pair().master(A).backup(B).ownedBy(B).decide();

      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(B, A, Reasons.GRACEFUL_HANDOVER));
    }

    /** Rule 14a (issue 11: never act on what you do not know): an owner that never reported is probed first. */
    @Test
    void theMasterGetsTheVipFromAnOwnerThatNeverReportedOnceItFailsItsProbe() {
      PairWorld w = pair().master(A).ownedBy(B);
      Decision probing = w.decide();
      Decision d = w.after(SETTINGS.probeDeadline()).decide();

      assertThat(probing.action()).isEqualTo(NOTHING);
      assertThat(probing.status().getProbe().getMember()).isEqualTo(B);
      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(B, A, Reasons.MASTER_SILENT));
    }
  }

  @Nested
  class MigrationInFlightRules6To9 {
    /** cvm-a stepped down, cvm-b is master, the migration A→B was issued (task-1). */
    private PairWorld handoverIssued() {
      PairWorld w = steadyOnA();
      w.backup(A).master(B).decide();
      return w.afterMillis(250).cloud(new CloudView.Migrating(A, B));
    }

    @Test
    void whileTheTaskRunsNoSecondChangeIsIssued() {
      PairWorld w = handoverIssued();

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getMigration().getTaskId()).isEqualTo("task-1");
      assertThat(d.status().getPhase()).isEqualTo(Phase.Converging);
      assertThat(d.recheckAfter()).isEqualTo(SETTINGS.taskPollInterval());
    }

    @Test
    void aCloudViewThatStillShowsTheOldOwnerWhileTheTaskRunsStartsNothing() {
      PairWorld w = handoverIssued().ownedBy(A);

      Decision running = w.decide();
      Decision succeededButLagging = w.afterMillis(250).task(new TaskState.Succeeded()).decide();

      assertThat(running.action()).isEqualTo(NOTHING);
      assertThat(succeededButLagging.action()).isEqualTo(NOTHING);
      assertThat(succeededButLagging.status().getMigration().getTaskId()).isEqualTo("task-1");
    }

    @Test
    void masterFlappingWhileInFlightStartsNothing() {
      PairWorld w = handoverIssued();

      Decision blip = w.master(A).backup(B).decide();
      Decision settled = w.afterMillis(100).backup(A).master(B).decide();

      assertThat(blip.action()).isEqualTo(NOTHING);
      assertThat(settled.action()).isEqualTo(NOTHING);
      assertThat(settled.status().getMigration().getTaskId()).isEqualTo("task-1");
    }

    @Test
    void successIsDeclaredOnlyWhenTheTaskSucceededAndTheCloudShowsTheTarget() {
      PairWorld w = handoverIssued();

      Decision taskDoneCloudLagging = w.task(new TaskState.Succeeded()).decide();
      assertThat(taskDoneCloudLagging.completed()).isNull();
      assertThat(taskDoneCloudLagging.status().getMigration()).isNotNull();

      Decision cloudDoneTaskNotPolled = w.ownedBy(B).task(new TaskState.Running()).decide();
      assertThat(cloudDoneTaskNotPolled.completed()).isNull();

      Decision done = w.afterMillis(250).task(new TaskState.Succeeded()).decide();
      assertThat(done.completed()).isNotNull();
    }

    @Test
    void successIsCountedOnceWithAnEventAndLastFailover() {
      PairWorld w = handoverIssued();
      Instant vrrpAt = Instant.parse(w.status().getMigration().getVrrpAt());

      Decision done = w.ownedBy(B).task(new TaskState.Succeeded()).decide();
      Decision next = w.afterMillis(1000).decide();

      long millis = Duration.between(vrrpAt, done.status().getLastFailover() == null ? vrrpAt
          : Instant.parse(done.status().getLastFailover().getCloudAt())).toMillis();
      assertThat(done.action()).isEqualTo(NOTHING);
      assertThat(done.status().getFailovers()).isEqualTo(1L);
      assertThat(done.status().getMigration()).isNull();
      assertThat(done.status().getPhase()).isEqualTo(Phase.Ready);
      assertThat(done.status().getLastFailover().getFrom()).isEqualTo(A);
      assertThat(done.status().getLastFailover().getTo()).isEqualTo(B);
      assertThat(done.status().getLastFailover().getReason()).isEqualTo(Reasons.GRACEFUL_HANDOVER);
      assertThat(done.status().getLastFailover().getVrrpAt()).isEqualTo(vrrpAt.toString());
      assertThat(done.status().getLastFailover().getMillis()).isEqualTo(millis).isEqualTo(250L);
      assertThat(done.completed()).isEqualTo(new FailoverCompleted(A, B, Reasons.GRACEFUL_HANDOVER, Duration.ofMillis(250)));
      assertThat(done.events()).singleElement().satisfies(e -> {
        assertThat(e.warning()).isFalse();
        assertThat(e.reason()).isEqualTo(Reasons.FAILOVER);
        assertThat(e.message()).isEqualTo("moved VIP from cvm-a to cvm-b (GracefulHandover) in 250 ms");
      });
      assertThat(next.status().getFailovers()).isEqualTo(1L);
      assertThat(next.completed()).isNull();
      assertThat(next.events()).isEmpty();
    }

    @Test
    void aVmClockAheadOfTheOperatorNeverGivesANegativeFailoverTime() {
      PairWorld w = steadyOnA().backup(A).master(B);
      w.report(B).setSince(w.now().plusSeconds(2).toString());
      w.decide();

      Decision done = w.afterMillis(500).ownedBy(B).task(new TaskState.Succeeded()).decide();

      assertThat(done.status().getLastFailover().getMillis()).isZero();
      assertThat(done.completed().took()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aFailedTaskIsReportedAndTheDecisionIsMadeAfresh() {
      PairWorld w = handoverIssued();

      Decision d = w.ownedBy(A).task(new TaskState.Failed("MutexOperationTaskRunning")).decide();

      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.MIGRATION_FAILED);
      assertThat(d.events().get(0).message()).contains("MutexOperationTaskRunning");
      assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
      assertThat(d.status().getMigration().getTaskId()).as("a new change was issued").isEqualTo("task-2");
      assertThat(d.status().getFailovers()).isNull();
    }

    @Test
    void aTaskTheCloudForgotIsGivenUpAndDecidedAfresh() {
      PairWorld w = handoverIssued();

      Decision d = w.ownedBy(A).task(new TaskState.NotFound()).decide();

      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.MIGRATION_LOST);
      assertThat(d.action()).isInstanceOf(CloudAction.Migrate.class);
    }

    @Test
    void aTimedOutTaskIsGivenUpAndDecidedAfresh() {
      PairWorld w = handoverIssued();

      Decision before = w.after(SETTINGS.migrationTimeout().minusSeconds(1)).decide();
      Decision after = w.after(Duration.ofSeconds(1)).ownedBy(A).decide();

      assertThat(before.action()).isEqualTo(NOTHING);
      assertThat(after.events()).extracting(PairEvent::reason).containsExactly(Reasons.MIGRATION_TIMED_OUT);
      assertThat(after.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
    }

    @Test
    void aTimedOutTaskWhoseTargetHoldsTheVipIsCounted() {
      PairWorld w = handoverIssued();

      Decision d = w.after(SETTINGS.migrationTimeout()).ownedBy(B).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getFailovers()).isEqualTo(1L);
      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.FAILOVER);
    }

    @Test
    void aNewOperatorResumesFromStatusAsIfNothingHappened() {
      PairWorld w = handoverIssued();
      // A fresh operator: a new decider, the status as the API server has it.
      w.statusFromApiServer(w.status());

      Decision d = w.ownedBy(B).task(new TaskState.Succeeded()).decide();

      assertThat(d.status().getFailovers()).isEqualTo(1L);
      assertThat(d.completed()).isNotNull();
    }

    @Test
    void aSpecChangeThatRemovesTheTargetAbandonsTheMigrationAndNeverMigratesToANonMember() {
      PairWorld w = handoverIssued();
      w.spec.getMembers().set(1, new Member("cvm-c", "ins-cccccccc", "eni-cccccccc", "10.0.1.18", "eth0"));
      w.specEdited().ownedBy(A);

      Decision d = w.decide();

      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.MIGRATION_ABANDONED);
      assertThat(d.status().getMigration()).isNull();
      assertThat(d.action()).isEqualTo(NOTHING);
    }
  }

  @Nested
  class FirstPlacementAndCloudTroubleRules10To11And20To21 {
    @Test
    void anUnassignedVipIsAssignedToTheMaster() {
      Decision d = pair().master(A).backup(B).decide();

      assertThat(d.action()).isEqualTo(new CloudAction.Assign(A, Reasons.FIRST_PLACEMENT));
      assertThat(d.status().getMigration().getKind()).isEqualTo(MigrationKind.Assign);
      assertThat(d.status().getMigration().getTarget()).isEqualTo(A);
    }

    @Test
    void anAssignmentIsConfirmedWithAnEventButIsNotAFailover() {
      PairWorld w = pair().master(A).backup(B);
      w.decide();

      Decision d = w.afterMillis(300).ownedBy(A).task(new TaskState.Succeeded()).decide();

      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.ASSIGNED);
      assertThat(d.status().getFailovers()).isNull();
      assertThat(d.completed()).isNull();
      assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    void anUnassignedVipWithoutAMasterWaits() {
      Decision d = pair().backup(A).backup(B).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.NOT_ASSIGNED);
    }

    @Test
    void aVipOnAForeignEniIsAConflictAndNothingIsTouched() {
      PairWorld w = steadyOnA().backup(A).master(B).cloud(new CloudView.Conflict("eni-ffffffff"));

      Decision d = w.decide();
      Decision again = w.afterMillis(1000).decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
      assertThat(d.status().getCloudOwner()).isNull();
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.CLOUD_CONFLICT);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("eni-ffffffff");
      assertThat(d.events()).singleElement().satisfies(e -> {
        assertThat(e.warning()).isTrue();
        assertThat(e.reason()).isEqualTo(Reasons.CLOUD_CONFLICT);
      });
      assertThat(again.action()).isEqualTo(NOTHING);
      assertThat(again.events()).as("one event per conflict, not per round").isEmpty();
    }

    @Test
    void anUnreachableCloudHoldsAndRechecks() {
      PairWorld w = steadyOnA().backup(A).master(B).cloud(new CloudView.Unknown("connect timed out", "Timeout"));

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getStatus()).isEqualTo("Unknown");
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.CLOUD_UNREACHABLE);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(d.recheckAfter()).isEqualTo(FailoverDecider.RETRY_MIN);
    }

    @Test
    void aCloudThatRejectsTheCredentialsWhileObservingIsAnErrorWithTheCode() {
      PairWorld w = steadyOnA().cloud(new CloudView.Unknown("signature expired", "AuthFailure.SignatureExpire"));

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.CLOUD_ERROR);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("AuthFailure.SignatureExpire");
    }

    @Test
    void theRetryWaitGrowsWithTheTimeTheCloudHasBeenUnknown() {
      PairWorld w = steadyOnA().cloud(new CloudView.Unknown("connection refused", "IOError"));
      w.decide();

      Decision fiveSecondsIn = w.after(Duration.ofSeconds(5)).decide();
      Decision anHourIn = w.after(Duration.ofHours(1)).decide();

      assertThat(fiveSecondsIn.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
      assertThat(anHourIn.recheckAfter()).isEqualTo(FailoverDecider.RETRY_MAX);
    }
  }

  @Nested
  class PreferredPolicyRules7And19 {
    @Test
    void thePreferredMemberTakingTheVipBackAfterItsPreemptDelayIsOneMigrationNotTwo() {
      PairWorld w = pair().backup(A).master(B).ownedBy(B);
      w.spec.getFailover().setPolicy(FailoverPolicy.Preferred);
      w.spec.getFailover().setPreferredMember(A);
      w.spec.getFailover().setPreemptDelaySeconds(30);
      w.decide();

      // keepalived preempts after preempt_delay: cvm-a MASTER, and a moment later cvm-b BACKUP.
      Decision bothForAMoment = w.after(Duration.ofSeconds(30)).master(A).decide();
      Decision handover = w.afterMillis(30).backup(B).decide();
      w.afterMillis(200).cloud(new CloudView.Migrating(B, A));
      Decision blipB = w.master(B).decide();
      Decision blipOver = w.afterMillis(50).backup(B).decide();
      Decision done = w.afterMillis(500).ownedBy(A).task(new TaskState.Succeeded()).decide();

      assertThat(bothForAMoment.action()).isEqualTo(NOTHING);
      assertThat(handover.action()).isEqualTo(new CloudAction.Migrate(B, A, Reasons.GRACEFUL_HANDOVER));
      assertThat(blipB.action()).isEqualTo(NOTHING);
      assertThat(blipOver.action()).isEqualTo(NOTHING);
      assertThat(done.action()).isEqualTo(NOTHING);
      assertThat(done.status().getFailovers()).isEqualTo(1L);
      assertThat(done.status().getPhase()).isEqualTo(Phase.Ready);
    }
  }

  @Nested
  class DeletionRules1To4 {
    @Test
    void retainReleasesTheFinalizerWithoutTouchingTheCloud() {
      PairWorld w = steadyOnA();
      w.spec.setDeletionPolicy(DeletionPolicy.Retain);

      Decision d = w.deleting().decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.releaseFinalizer()).isTrue();
    }

    @Test
    void releaseUnassignsFromTheOwnerThenReleasesTheFinalizerOnceTheCloudIsEmpty() {
      PairWorld w = steadyOnA();
      w.spec.setDeletionPolicy(DeletionPolicy.Release);

      Decision unassign = w.deleting().decide();
      Decision waiting = w.afterMillis(250).decide();
      Decision released = w.afterMillis(250).cloud(new CloudView.Unassigned()).task(new TaskState.Succeeded()).decide();

      assertThat(unassign.action()).isEqualTo(new CloudAction.Unassign(A));
      assertThat(unassign.status().getMigration().getKind()).isEqualTo(MigrationKind.Unassign);
      assertThat(unassign.releaseFinalizer()).isFalse();
      assertThat(waiting.action()).isEqualTo(NOTHING);
      assertThat(waiting.releaseFinalizer()).isFalse();
      assertThat(released.action()).isEqualTo(NOTHING);
      assertThat(released.releaseFinalizer()).isTrue();
      assertThat(released.events()).extracting(PairEvent::reason).containsExactly(Reasons.RELEASED);
    }

    @Test
    void releaseLeavesAForeignHolderAloneAndLetsGo() {
      PairWorld w = steadyOnA().cloud(new CloudView.Conflict("eni-ffffffff"));
      w.spec.setDeletionPolicy(DeletionPolicy.Release);

      Decision d = w.deleting().decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.releaseFinalizer()).isTrue();
      assertThat(d.events()).extracting(PairEvent::reason).containsExactly(Reasons.VIP_LEFT_ALONE);
    }

    @Test
    void releaseKeepsTheFinalizerWhileTheCloudCannotBeAsked() {
      PairWorld w = steadyOnA().cloud(new CloudView.Unknown("connect timed out", "Timeout"));
      w.spec.setDeletionPolicy(DeletionPolicy.Release);

      Decision d = w.deleting().decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.releaseFinalizer()).isFalse();
      assertThat(d.recheckAfter()).isNotNull();
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("deletionPolicy");
    }
  }

  @Nested
  class SpecAndConfigRule5 {
    @Test
    void aSpecProblemChangesNothingAndIsTheReadyReason() {
      PairWorld w = steadyOnA().backup(A).master(B)
          .specProblem(new SpecProblem("EniNotInVpc", "spec.members[1].networkInterfaceId eni-bbbbbbbb is not in vpc-1yxuk010"));

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
      assertThat(condition(d, Conditions.READY).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.READY).getReason()).isEqualTo("EniNotInVpc");
      assertThat(condition(d, Conditions.READY).getMessage())
          .isEqualTo("spec.members[1].networkInterfaceId eni-bbbbbbbb is not in vpc-1yxuk010");
    }

    @Test
    void aRejectedConfigIsReportedWithTheAgentsMessage() {
      PairWorld w = steadyOnA().configRejected(B, "Unknown keyword 'virtual_ipadress'");

      Decision d = w.decide();

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
      assertThat(condition(d, Conditions.CONFIG_APPLIED).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.CONFIG_APPLIED).getReason()).isEqualTo(Reasons.CONFIG_REJECTED);
      assertThat(condition(d, Conditions.CONFIG_APPLIED).getMessage()).contains(B, "virtual_ipadress");
    }

    @Test
    void aSpecEditIsPendingUntilBothAgentsApplyIt() {
      PairWorld w = steadyOnA().specEdited();

      Decision pending = w.decide();
      Decision applied = w.afterMillis(500).configApplied().decide();

      assertThat(condition(pending, Conditions.CONFIG_APPLIED).getReason()).isEqualTo(Reasons.CONFIG_PENDING);
      assertThat(pending.status().getPhase()).isEqualTo(Phase.Converging);
      assertThat(pending.status().getObservedGeneration()).isEqualTo(2L);
      assertThat(condition(applied, Conditions.CONFIG_APPLIED).getStatus()).isEqualTo("True");
      assertThat(applied.status().getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    void aSilentAgentIsNamedInAgentsReporting() {
      PairWorld w = steadyOnA().leaseStale(B);

      Decision d = w.decide();

      assertThat(condition(d, Conditions.AGENTS_REPORTING).getReason()).isEqualTo(Reasons.AGENT_SILENT);
      assertThat(condition(d, Conditions.AGENTS_REPORTING).getMessage()).contains("vippair-agent-cvm-b");
      assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
    }
  }

  @Nested
  class ConditionTimes {
    @Test
    void lastTransitionTimeIsKeptWhileTheStatusIsUnchangedAndMovesWhenItChanges() {
      PairWorld w = pair().master(A).backup(B).ownedBy(A);
      Instant start = w.now();
      w.decide();

      Decision unchanged = w.after(Duration.ofMinutes(5)).decide();
      Instant change = w.afterMillis(1).backup(A).now();
      Decision changed = w.decide();

      assertThat(condition(unchanged, Conditions.READY).getLastTransitionTime()).isEqualTo(start.toString());
      assertThat(condition(changed, Conditions.READY).getStatus()).isEqualTo("False");
      assertThat(condition(changed, Conditions.READY).getLastTransitionTime()).isEqualTo(change.toString());
      assertThat(condition(changed, Conditions.AGENTS_REPORTING).getLastTransitionTime()).isEqualTo(start.toString());
    }
  }

  @Nested
  class CloudActionFailedRule22 {
    private PairWorld handoverWanted() {
      return steadyOnA().backup(A).master(B);
    }

    @Test
    void anAuthFailureIsNotRetriedAndPutsThePairInError() {
      PairWorld w = handoverWanted();

      Decision d = w.decideAndFailCloudCall("AuthFailure.SecretIdNotFound", "The SecretId is not found", false);

      assertThat(d.action()).isEqualTo(NOTHING);
      assertThat(d.status().getMigration()).as("no migration recorded").isNull();
      assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
      assertThat(d.recheckAfter()).isNull();
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getStatus()).isEqualTo("False");
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.CLOUD_ERROR);
      assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("AuthFailure.SecretIdNotFound");
      assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.CLOUD_ERROR);
      assertThat(d.events()).singleElement().satisfies(e -> {
        assertThat(e.warning()).isTrue();
        assertThat(e.reason()).isEqualTo(Reasons.CLOUD_ERROR);
        assertThat(e.message()).contains("AuthFailure.SecretIdNotFound");
      });
    }

    @Test
    void throttlingIsRetriedWithAGrowingWaitAndTheNextRoundTriesAgain() {
      PairWorld w = handoverWanted();

      Decision first = w.decideAndFailCloudCall("RequestLimitExceeded", "too many requests", true);
      Decision second = w.after(Duration.ofSeconds(8)).decideAndFailCloudCall("RequestLimitExceeded", "too many requests", true);
      Decision third = w.after(second.recheckAfter()).decide();

      assertThat(first.status().getPhase()).isNotEqualTo(Phase.Error);
      assertThat(first.status().getMigration()).isNull();
      assertThat(first.recheckAfter()).isEqualTo(FailoverDecider.RETRY_MIN);
      assertThat(second.recheckAfter()).isEqualTo(Duration.ofSeconds(8));
      assertThat(third.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
    }
  }

  @Test
  void theDecisionIsAPureFunctionOfItsSnapshot() {
    PairWorld w = steadyOnA().master(B);
    PairSnapshot s = w.snapshot();

    Decision one = new FailoverDecider().decide(s, SETTINGS);
    Decision two = new FailoverDecider().decide(s, SETTINGS);

    assertThat(one.status().getProbe().getNonce()).isEqualTo(two.status().getProbe().getNonce());
    assertThat(one.action()).isEqualTo(two.action());
    assertThat(s.previous().getProbe()).as("the input is not edited").isNull();
    assertThat(T0).isBefore(s.now());
  }
}
