package io.vippair.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.metrics.OperatorMetrics;
import java.time.Duration;

/**
 * The operator's fleet metrics and the agent's metrics as their /metrics endpoints print them:
 * the modules' own metric classes on a Prometheus registry, each event recorded once so that
 * every labelled series exists, then scraped.
 */
final class ProcessMetricsScrape {

  private ProcessMetricsScrape() {}

  static String operator() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new OperatorMetrics(registry);
    metrics.leading(true);
    metrics.reconciled(Duration.ofMillis(3));
    metrics.pairState("db/mysql-prod", new OperatorMetrics.PairState(Phase.Ready, false, false));
    metrics.failoverCompleted("db", "MasterDied", Duration.ofMillis(800));
    return registry.scrape();
  }

  static String agent() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new AgentMetrics(registry);
    var pair = new PairKey("db", "mysql-prod");
    metrics.transition(pair, VrrpRole.MASTER);
    metrics.healthCheck(pair, true);
    metrics.healthy(pair, true);
    metrics.reportAccepted(Duration.ofMillis(20));
    metrics.reportFailed();
    metrics.probeAnswered();
    metrics.keepalivedRestarted();
    metrics.configReload(true);
    return registry.scrape();
  }
}
