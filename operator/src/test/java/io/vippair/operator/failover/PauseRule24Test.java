package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SplitBrainPolicy;
import io.vippair.operator.cloud.TaskState;
import org.junit.jupiter.api.Test;

/** Rule 24 (issue 14 item 2, issue 13 item 5): a paused pair makes no cloud change and no fence, and says what it would do. */
class PauseRule24Test {

  private static PairWorld steadyOnA() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    return w;
  }

  private static PairWorld paused(PairWorld w, String why) {
    w.spec.setPaused(true);
    w.spec.setPauseReason(why);
    return w.specEdited().configApplied();
  }

  @Test
  void rule24APausedPairWithNothingToDoIsReadyAndSaysItIsPaused() {
    Decision d = paused(steadyOnA(), "kernel patching, OPS-1234").afterMillis(1000).decide();

    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
    assertThat(condition(d, Conditions.PAUSED).getStatus()).isEqualTo("True");
    assertThat(condition(d, Conditions.PAUSED).getReason()).isEqualTo(Reasons.PAUSED);
    assertThat(condition(d, Conditions.PAUSED).getMessage()).contains("kernel patching, OPS-1234", "nothing would change now");
    assertThat(d.events()).isEmpty();
  }

  @Test
  void rule24AHandoverWhilePausedIsReportedOnceAndNotMade() {
    PairWorld w = paused(steadyOnA(), null);
    w.afterMillis(1000).decide();

    Decision d = w.afterMillis(1000).backup(A).master(B).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getMigration()).isNull();
    assertThat(d.status().getMaster()).isEqualTo(B);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Degraded);
    assertThat(condition(d, Conditions.PAUSED).getReason()).isEqualTo(Reasons.CHANGE_WITHHELD);
    assertThat(condition(d, Conditions.PAUSED).getMessage())
        .contains("would migrate the VIP from cvm-a to cvm-b (rule 19, GracefulHandover)");
    assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.PAUSED);
    assertThat(condition(d, Conditions.READY).getReason()).isEqualTo(Reasons.CHANGE_WITHHELD);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.warning()).isFalse();
      assertThat(e.reason()).isEqualTo(Reasons.CHANGE_WITHHELD);
      assertThat(e.message()).isEqualTo("would migrate the VIP from cvm-a to cvm-b (rule 19, GracefulHandover); paused");
    });

    for (int i = 0; i < 10; i++) {
      Decision again = w.afterMillis(2000).master(B).decide();
      assertThat(again.action()).isEqualTo(CloudAction.NONE);
      assertThat(again.events()).as("round %d: the same withheld change is not announced again", i).isEmpty();
    }
  }

  @Test
  void rule24ResumingActsOnTheCurrentStateAtOnce() {
    PairWorld w = paused(steadyOnA(), null);
    w.afterMillis(1000).backup(A).master(B).decide();

    w.spec.setPaused(false);
    Decision d = w.specEdited().configApplied().afterMillis(5000).decide();
    assertThat(d.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
    assertThat(condition(d, Conditions.PAUSED)).as("present only while paused").isNull();
  }

  @Test
  void rule24TheOldScriptsMovingTheVipClearsTheWithheldChange() {
    PairWorld w = paused(steadyOnA(), "cut-over");
    w.afterMillis(1000).backup(A).master(B).decide();

    Decision d = w.afterMillis(800).ownedBy(B).decide(); // the seed script moved it
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
    assertThat(condition(d, Conditions.PAUSED).getReason()).isEqualTo(Reasons.PAUSED);
    assertThat(d.status().getFailovers()).as("vippair moved nothing").isNull();
  }

  @Test
  void rule24NoFirstPlacementWhilePaused() {
    PairWorld w = pair().master(A).backup(B);
    paused(w, null);
    Decision d = w.decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(condition(d, Conditions.PAUSED).getMessage()).contains("would assign the VIP to cvm-a (rule 20, FirstPlacement)");
  }

  @Test
  void rule24ProbesGoOnButNoFenceIsSetAndAFenceInPlaceIsLifted() {
    PairWorld w = steadyOnA();
    w.spec.getFailover().setSplitBrainPolicy(SplitBrainPolicy.FenceNonOwner);
    w.master(B).decide();
    w.afterMillis(150).answersProbe(A);
    assertThat(w.decide().status().getFence().getMember()).as("unpaused, b is fenced").isEqualTo(B);

    paused(w, null);
    Decision d = w.afterMillis(1000).master(B).decide();
    assertThat(d.status().getFence()).as("a paused pair holds no VM in FAULT").isNull();
    assertThat(d.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.FENCE_LIFTED));
    assertThat(condition(d, Conditions.PAUSED).getMessage()).contains("would fence cvm-b (rule 15)");
    assertThat(d.status().getPhase()).isEqualTo(Phase.SplitBrain);

    PairWorld fresh = paused(steadyOnA(), null);
    Decision probing = fresh.afterMillis(1000).master(B).decide();
    assertThat(probing.status().getProbe()).as("a probe changes nothing on the VMs, so it goes on").isNotNull();
  }

  @Test
  void rule24AChangeInFlightWhenPausedIsFollowedToTheEnd() {
    PairWorld w = steadyOnA();
    w.afterMillis(1000).backup(A).master(B).decide(); // the call is made
    paused(w, null);
    Decision d = w.afterMillis(400).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(d.status().getFailovers()).isEqualTo(1L);
    assertThat(d.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.FAILOVER));
  }

  @Test
  void rule24DeletionWithReleaseWhilePausedReleasesNothingAndKeepsTheFinalizer() {
    PairWorld w = paused(steadyOnA(), null);
    w.spec.setDeletionPolicy(DeletionPolicy.Release);
    Decision d = w.deleting().afterMillis(1000).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.releaseFinalizer()).isFalse();
    assertThat(condition(d, Conditions.PAUSED).getMessage()).contains("would release the VIP from cvm-a (rule 2");
  }

  /** The observe-only step of docs/migrating-from-scripts.md: the scripts hold the VIP on A, no agent runs yet. */
  @Test
  void rule24ObservingBeforeAnyAgentRunsIsPendingAndChangesNothing() {
    PairWorld w = pair().ownedBy(A);
    paused(w, "cut-over");
    Decision d = w.decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(d, Conditions.AGENTS_REPORTING).getReason()).isEqualTo(Reasons.AGENT_MISSING);
    assertThat(condition(d, Conditions.PAUSED).getMessage()).contains("nothing would change now");
  }
}
