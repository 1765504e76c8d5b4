package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 22: a cloud call that hangs, retries or fails stays visible, and a failing one backs off. */
class CloudCallRule22Test {

  private static PairWorld handoverRecorded() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    w.afterMillis(1000).backup(A).master(B);
    w.decideOnly();
    return w;
  }

  /** Issue 11, item 6: while the call hangs or retries, status shows the agents' master and the cloud's code. */
  @Test
  void rule22APendingCallShowsTheMasterAndTheLastAttemptsCode() {
    PairWorld w = handoverRecorded();
    w.callAnswered(new CloudCall.Pending(w.status().getMigration().copy(), "RequestLimitExceeded"));

    Decision d = w.afterMillis(300).decideOnly();
    assertThat(d.status().getMaster()).isEqualTo(B);
    assertThat(d.action()).as("never a second call while one is pending").isEqualTo(CloudAction.NONE);
    assertThat(condition(d, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.MIGRATION_IN_FLIGHT);
    assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("RequestLimitExceeded", "moving the VIP from cvm-a to cvm-b");
    assertThat(d.recheckAfter()).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  /** Issue 11, item 6: agent reports between retries do not make the failing call go out again. */
  @Test
  void rule22AFailedCallIsNotRetriedBeforeItsBackOffHoweverOftenTheAgentsReport() {
    PairWorld w = handoverRecorded();
    Decision failed = w.decideAndFailCloudCall("InternalError", "try later", true);
    assertThat(failed.recheckAfter()).isEqualTo(CloudTrouble.RETRY_MIN);

    for (int i = 0; i < 4; i++) {
      Decision meanwhile = w.afterMillis(200).master(B).decide();
      assertThat(meanwhile.action()).as("report %d within the back-off", i).isEqualTo(CloudAction.NONE);
      assertThat(meanwhile.status().getMaster()).isEqualTo(B);
      assertThat(condition(meanwhile, Conditions.CLOUD_SYNCED).getMessage()).contains("InternalError");
      assertThat(meanwhile.events()).as("the failure's event is not repeated").isEmpty();
    }
    Decision retry = w.afterMillis(200).decide();
    assertThat(retry.action()).isEqualTo(new CloudAction.Migrate(A, B, Reasons.GRACEFUL_HANDOVER));
  }

  @Test
  void rule22NoNewChangeStartsWhileAnEarlierCallHasNotAnswered() {
    PairWorld w = pair().master(A).backup(B).ownedBy(A);
    w.decide();
    var earlier = new io.vippair.api.v1alpha1.Migration();
    earlier.setKind(io.vippair.api.v1alpha1.MigrationKind.Migrate);
    earlier.setSource(B);
    earlier.setTarget(A);
    w.callAnswered(new CloudCall.Pending(earlier, null)); // its record was never written

    Decision d = w.afterMillis(500).backup(A).master(B).decideOnly();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getMaster()).isEqualTo(B);
    assertThat(condition(d, Conditions.CLOUD_SYNCED).getMessage()).contains("earlier call");
  }

  @Test
  void rule22TheBackOffGrowsWithTheOutageAndIsCappedAtSixtySeconds() {
    PairWorld w = handoverRecorded();
    w.decideAndFailCloudCall("InternalError", "x", true);
    Decision late = w.after(Duration.ofMinutes(10)).decideAndFailCloudCall("InternalError", "x", true);
    assertThat(late.recheckAfter()).isEqualTo(CloudTrouble.RETRY_MAX);
  }
}
