package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class AgentLeasesTest {
  private static final ZonedDateTime T0 = ZonedDateTime.parse("2026-01-01T00:00:00Z");

  private static Lease lease(String holder, ZonedDateTime renewed) {
    return new LeaseBuilder().withNewMetadata().withName("vippair-agent-" + holder).addToLabels("vippair.io/agent", holder)
        .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(30).withRenewTime(renewed)
        .endSpec().build();
  }

  @Test
  void aRoutineRenewalWakesNoPair() {
    assertThat(AgentLeases.worthAReconcile(lease("a", T0.plusSeconds(10)), lease("a", T0))).isFalse();
  }

  @Test
  void aNewHolderOrAComebackAfterExpiryDoes() {
    assertThat(AgentLeases.worthAReconcile(lease("b", T0.plusSeconds(10)), lease("a", T0))).isTrue();
    assertThat(AgentLeases.worthAReconcile(lease("a", T0.plusSeconds(31)), lease("a", T0))).isTrue();
  }

  @Test
  void theMemberComesFromTheLabelElseTheHolder() {
    assertThat(AgentLeases.memberOf(lease("a", T0))).isEqualTo("a");
    Lease unlabelled = lease("b", T0);
    unlabelled.getMetadata().setLabels(null);
    assertThat(AgentLeases.memberOf(unlabelled)).isEqualTo("b");
    assertThat(AgentLeases.expiry(lease("a", T0))).isEqualTo(T0.plusSeconds(30).toInstant());
  }
}
