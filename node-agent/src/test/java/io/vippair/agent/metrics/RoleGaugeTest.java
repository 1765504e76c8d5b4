package io.vippair.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VrrpRole;
import org.junit.jupiter.api.Test;

/** vippair_agent_vrrp_role: the current state per pair, one series per state, gone with the pair. */
class RoleGaugeTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AgentMetrics metrics = new AgentMetrics(registry);
  private final PairKey db = new PairKey("db", "mysql");
  private final PairKey web = new PairKey("web", "nginx");

  @Test
  void followsTheLastTransitionAndKeepalivedsDeath() {
    metrics.transition(db, VrrpRole.BACKUP);
    metrics.transition(db, VrrpRole.MASTER);
    metrics.transition(web, VrrpRole.BACKUP);
    assertThat(registry.scrape()).contains(
        "vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"MASTER\"} 1.0",
        "vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"BACKUP\"} 0.0",
        "vippair_agent_vrrp_role{pair=\"web/nginx\",role=\"BACKUP\"} 1.0",
        "vippair_agent_vrrp_role{pair=\"web/nginx\",role=\"MASTER\"} 0.0");

    metrics.allRoles(VrrpRole.FAULT);
    assertThat(registry.scrape()).contains(
        "vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"FAULT\"} 1.0",
        "vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"MASTER\"} 0.0",
        "vippair_agent_vrrp_role{pair=\"web/nginx\",role=\"FAULT\"} 1.0");
  }

  @Test
  void aStateLearnedFromKeepalivedsDumpSetsTheGaugeWithoutATransition() {
    metrics.role(db, VrrpRole.BACKUP);
    assertThat(registry.scrape()).contains("vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"BACKUP\"} 1.0")
        .doesNotContain("vippair_agent_transitions_total{pair=\"db/mysql\"");
  }

  @Test
  void aRemovedPairLeavesNoSeriesAndComesBackClean() {
    metrics.transition(db, VrrpRole.MASTER);
    metrics.removePair(db);
    assertThat(registry.scrape()).doesNotContain("db/mysql");

    metrics.transition(db, VrrpRole.BACKUP);
    assertThat(registry.scrape()).contains("vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"BACKUP\"} 1.0")
        .doesNotContain("vippair_agent_vrrp_role{pair=\"db/mysql\",role=\"MASTER\"} 1.0");
  }
}
