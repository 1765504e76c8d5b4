package io.vippair.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.metrics.MetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric names are a contract (common.md); served over real HTTP on loopback. */
class MetricsEndpointTest {
  @Test
  void servesTheContractNamesAndHealth() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new AgentMetrics(registry);
    PairKey pair = new PairKey("db", "mysql");
    metrics.transition(pair, VrrpRole.MASTER);
    metrics.keepalivedRestarted();
    metrics.configReload(true);
    metrics.healthCheck(pair, false);
    metrics.healthy(pair, false);
    metrics.reportAccepted(Duration.ofMillis(12));
    metrics.reportFailed();
    metrics.probeAnswered();
    try (var server = MetricsServer.start("127.0.0.1", 0, registry,
        Map.of("/healthz", () -> new MetricsServer.Health(false, "agent loop not responding")))) {
      HttpClient http = HttpClient.newHttpClient();
      var scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains(
          "vippair_agent_transitions_total{pair=\"db/mysql\",state=\"MASTER\"} 1.0",
          "vippair_agent_keepalived_restarts_total 1.0",
          "vippair_agent_config_reloads_total{result=\"applied\"} 1.0",
          "vippair_agent_config_reloads_total{result=\"rejected\"} 0.0",
          "vippair_agent_health_checks_total{pair=\"db/mysql\",result=\"fail\"} 1.0",
          "vippair_agent_healthy{pair=\"db/mysql\"} 0.0",
          "vippair_agent_report_seconds_bucket",
          "vippair_agent_report_seconds_count 1",
          "vippair_agent_report_failures_total 1.0",
          "vippair_agent_probe_answers_total 1.0");
      var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("not responding");
    }
    metrics.removePair(pair);
    assertThat(registry.scrape()).doesNotContain("db/mysql");
  }
}
