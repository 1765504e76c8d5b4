package io.vippair.operator.failover;

import static io.vippair.operator.failover.PairWorld.A;
import static io.vippair.operator.failover.PairWorld.B;
import static io.vippair.operator.failover.PairWorld.condition;
import static io.vippair.operator.failover.PairWorld.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules H1–H4 of docs/operator-decision.md: a pair in mode HaVip, whose VIP follows the master's gratuitous ARP. */
class HaVipBindingRulesH1ToH4Test {

  private static PairWorld haVipPair() {
    PairWorld w = pair();
    w.spec.getCloud().setMode(CloudMode.HaVip);
    return w;
  }

  /** a is master and holds the binding; then b reports MASTER while the binding is still on a. */
  private static PairWorld handoverToB() {
    PairWorld w = haVipPair().master(A).backup(B).ownedBy(A);
    w.decide();
    w.afterMillis(1000).role(A, VrrpRole.BACKUP).master(B);
    return w;
  }

  @Test
  void ruleH1TheBindingIsReportedInMemberAndEniTerms() {
    Decision d = haVipPair().master(A).backup(B).ownedBy(A).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Ready);
    assertThat(d.status().getHaVip().getBoundMember()).isEqualTo(A);
    assertThat(d.status().getHaVip().getBoundEni()).isEqualTo("eni-aaaaaaaa");
    assertThat(d.status().getAnnounce()).isNull();
  }

  @Test
  void ruleH1AMasterReportStartsAWaitForTheBindingAndItsLagIsReported() {
    PairWorld w = handoverToB();
    Decision wait = w.decide();
    assertThat(wait.action()).as("the mode turns this into a wait, not a call")
        .isInstanceOf(CloudAction.Migrate.class);
    assertThat(wait.status().getMigration().getTarget()).isEqualTo(B);
    assertThat(wait.status().getAnnounce()).as("keepalived has just announced").isNull();
    assertThat(wait.recheckAfter()).isLessThanOrEqualTo(Duration.ofMillis(250));

    Decision followed = w.afterMillis(700).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(followed.status().getMigration()).isNull();
    assertThat(followed.status().getHaVip().getBoundMember()).isEqualTo(B);
    assertThat(followed.status().getHaVip().getBoundEni()).isEqualTo("eni-bbbbbbbb");
    assertThat(followed.status().getHaVip().getBindingLagMillis()).isEqualTo(700);
    assertThat(followed.status().getLastFailover().getMillis()).isEqualTo(700);
    assertThat(followed.status().getPhase()).isEqualTo(Phase.Ready);
  }

  @Test
  void ruleH1ABindingThatFollowedBeforeTheOperatorLookedNeedsNothing() {
    PairWorld w = haVipPair().master(A).backup(B).ownedBy(A);
    w.decide();
    Decision d = w.afterMillis(1000).role(A, VrrpRole.BACKUP).master(B).ownedBy(B).decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getHaVip().getBoundMember()).isEqualTo(B);
  }

  @Test
  void ruleH2TheMasterIsAskedToAnnounceAgainOnceWhenTheBindingLags() {
    PairWorld w = handoverToB();
    w.decide();
    Decision early = w.afterMillis(1500).decide();
    assertThat(early.status().getAnnounce()).isNull();
    assertThat(early.recheckAfter()).isLessThanOrEqualTo(Duration.ofMillis(500));

    Decision asked = w.afterMillis(500).decide();
    assertThat(asked.status().getAnnounce().getMember()).isEqualTo(B);
    assertThat(asked.status().getAnnounce().getNonce()).isNotBlank();
    assertThat(asked.events()).anySatisfy(e -> {
      assertThat(e.reason()).isEqualTo(Reasons.ANNOUNCE_REQUESTED);
      assertThat(e.warning()).isFalse();
    });
    String nonce = asked.status().getAnnounce().getNonce();

    Decision again = w.afterMillis(500).decide();
    assertThat(again.status().getAnnounce().getNonce()).as("one request per wait").isEqualTo(nonce);
    assertThat(again.events()).noneSatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.ANNOUNCE_REQUESTED));

    Decision followed = w.afterMillis(300).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(followed.status().getAnnounce()).as("answered by the binding").isNull();
    assertThat(followed.status().getHaVip().getBindingLagMillis()).isEqualTo(2800);
  }

  @Test
  void ruleH3ABindingStillLaggingAfterTheAnnounceIsWarnedOnceWithConditionAndPhase() {
    PairWorld w = handoverToB();
    w.decide();
    w.afterMillis(2000).decide();
    Decision warned = w.afterMillis(3000).decide();
    assertThat(warned.events()).filteredOn(e -> e.reason().equals(Reasons.HAVIP_BINDING_LAGS)).singleElement()
        .satisfies(e -> {
          assertThat(e.warning()).isTrue();
          assertThat(e.message()).contains("eni-aaaaaaaa", B, "5000 ms", "asked to announce again");
        });
    assertThat(condition(warned, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.HAVIP_BINDING_LAGS);
    assertThat(condition(warned, Conditions.READY).getMessage()).contains("drift scope");
    assertThat(warned.status().getHaVip().getLaggingSince()).isNotNull();

    Decision still = w.afterMillis(1000).decide();
    assertThat(still.events()).noneSatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.HAVIP_BINDING_LAGS));
    assertThat(condition(still, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.HAVIP_BINDING_LAGS);

    Decision followed = w.afterMillis(500).ownedBy(B).task(new TaskState.Succeeded()).decide();
    assertThat(followed.status().getHaVip().getLaggingSince()).isNull();
    assertThat(condition(followed, Conditions.CLOUD_SYNCED).getReason()).isEqualTo(Reasons.IN_SYNC);
  }

  @Test
  void ruleH3ANonMemberHoldingTheBindingIsAConflictAndNothingIsAsked() {
    PairWorld w = haVipPair().master(A).backup(B).cloud(new CloudView.Conflict("eni-cccccccc"));
    Decision d = w.decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.status().getPhase()).isEqualTo(Phase.Error);
    assertThat(d.status().getHaVip().getBoundEni()).isEqualTo("eni-cccccccc");
    assertThat(d.status().getHaVip().getBoundMember()).isNull();
    assertThat(d.status().getAnnounce()).isNull();
  }

  @Test
  void ruleH4DeletingLeavesTheHavipAloneWhateverThePolicy() {
    PairWorld w = haVipPair().master(A).backup(B).ownedBy(A);
    w.spec.setDeletionPolicy(DeletionPolicy.Release);
    w.decide();
    Decision d = w.deleting().decide();
    assertThat(d.action()).isEqualTo(CloudAction.NONE);
    assertThat(d.releaseFinalizer()).isTrue();
    assertThat(d.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reasons.HAVIP_LEFT_ALONE));
  }

  @Test
  void aPairInModeEniHasNoHavipStatus() {
    Decision d = pair().master(A).backup(B).ownedBy(A).decide();
    assertThat(d.status().getHaVip()).isNull();
    assertThat(d.status().getAnnounce()).isNull();
  }
}
