package io.vippair.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.mockapi.MockApiServer;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The Lease's acquireTime is this agent's start: the operator's rule 14a treats a report older than
 * it as unknown, so a Lease left by the previous agent process must not keep its old acquireTime.
 */
class LeaseKeeperTest {

  @Test
  void aRestartedAgentMovesTheAcquireTimeOfItsExistingLeaseToItsOwnStart() throws Exception {
    Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    ZonedDateTime longAgo = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    try (MockApiServer api = MockApiServer.start(); var client = api.client()) {
      String name = Contract.agentLeaseName("cvm-a");
      client.leases().inNamespace("vippair-system").resource(new LeaseBuilder()
          .withNewMetadata().withName(name).withNamespace("vippair-system").endMetadata()
          .withNewSpec().withHolderIdentity("cvm-a").withAcquireTime(longAgo).withRenewTime(longAgo).endSpec()
          .build()).create();

      LeaseKeeper keeper = new LeaseKeeper(client, "cvm-a", "vippair-system");
      keeper.renew();
      var first = client.leases().inNamespace("vippair-system").withName(name).get().getSpec();
      assertThat(first.getAcquireTime().toInstant()).isEqualTo(jvmStart);
      assertThat(first.getRenewTime().toInstant()).isAfterOrEqualTo(jvmStart);

      keeper.renew();
      var second = client.leases().inNamespace("vippair-system").withName(name).get().getSpec();
      assertThat(second.getAcquireTime()).as("later renewals keep the start").isEqualTo(first.getAcquireTime());
      assertThat(keeper.failing()).isFalse();
    }
  }
}
