package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Phase;
import org.junit.jupiter.api.Test;

/**
 * Rules 6–9 with the cloud call's answer as the decision's input: a change is recorded before
 * the call, and the answer (a task id, or "already under way" without one) arrives later.
 */
class ChangeInFlightRules6To9Test {

  /** cvm-a holds the VIP and steps down, cvm-b is master: the decision records a migration. */
  private static PairWorld handoverRecorded() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    w.afterMillis(1000).backup(A).master(B);
    Decision asked = w.decideOnly();
    assertThat(asked.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
    return w;
  }

  /** Issue 10, defect 1: an answer lost and found under way is followed by observation and counted once. */
  @Test
  void rule6AChangeFoundAlreadyUnderWayIsFollowedByObservationAndCountedOnce() {
    PairWorld w = handoverRecorded();
    w.callAnswered(new CloudCall.Accepted(w.status().getMigration().copy(), null));

    Decision moving = w.afterMillis(250).cloud(new CloudView.Migrating(A, B)).decideOnly();
    assertThat(moving.events()).as("not given up as lost").isEmpty();
    assertThat(moving.status().getMigration()).isNotNull();
    assertThat(moving.action()).isEqualTo(CloudAction.NONE);
    assertThat(condition(moving, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.MIGRATION_IN_FLIGHT);

    Decision done = w.afterMillis(250).ownedBy(B).decideOnly();
    assertThat(done.completed()).isNotNull();
    assertThat(done.completed().reason()).isEqualTo(Reasons.GRACEFUL_HANDOVER);
    assertThat(done.status().getFailovers()).isEqualTo(1L);
    assertThat(done.events()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(Reasons.FAILOVER));

    Decision after = w.afterMillis(250).decideOnly();
    assertThat(after.completed()).as("counted once").isNull();
    assertThat(after.status().getFailovers()).isEqualTo(1L);
    assertThat(after.status().getPhase()).isEqualTo(Phase.Ready);
  }

  @Test
  void rule6TheTaskIdOfTheAnswerIsRecordedByTheDecision() {
    PairWorld w = handoverRecorded();
    w.callAnswered(new CloudCall.Accepted(w.status().getMigration().copy(), "task-77"));

    Decision d = w.afterMillis(100).decideOnly();
    assertThat(d.status().getMigration().getTaskId()).isEqualTo("task-77");
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
  }

  @Test
  void rule8AChangeWithoutAnAnswerAfterARestartIsGivenUpOnlyWhenTheCloudDoesNotShowItMoving() {
    PairWorld w = handoverRecorded(); // no answer recorded: this operator restarted while asking

    Decision moving = w.afterMillis(250).cloud(new CloudView.Migrating(A, B)).decideOnly();
    assertThat(moving.status().getMigration()).as("followed while the cloud moves it").isNotNull();
    assertThat(moving.events()).isEmpty();

    Decision back = w.afterMillis(250).ownedBy(A).decideOnly();
    assertThat(back.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.MIGRATION_LOST));
    assertThat(back.action()).as("decided afresh").isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
  }
}
