package io.vippair.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Over real HTTP on loopback. */
class MetricsServerTest {

  static final Metric PINGS = new Metric("vippair.test.pings", "Pings seen");

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsInPrometheusNamesAndEachHealthCheck() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PINGS.counter().register(registry).increment();
    AtomicReference<String> notReady = new AtomicReference<>("informers not synced");
    try (var server = MetricsServer.start("127.0.0.1", 0, registry, Map.of(
        "/healthz", () -> MetricsServer.Health.ok("ok"),
        "/readyz", () -> MetricsServer.Health.unlessReason(notReady.get())))) {
      var metrics = send(server.port(), "GET", "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("# HELP vippair_test_pings_total Pings seen", "vippair_test_pings_total 1.0");
      assertThat(send(server.port(), "GET", "/healthz").body()).isEqualTo("ok\n");
      var readyz = send(server.port(), "GET", "/readyz");
      assertThat(readyz.statusCode()).isEqualTo(503);
      assertThat(readyz.body()).isEqualTo("informers not synced\n");
      notReady.set(null);
      assertThat(send(server.port(), "GET", "/readyz").statusCode()).isEqualTo(200);
      assertThat(send(server.port(), "HEAD", "/healthz").statusCode()).isEqualTo(200);
      assertThat(send(server.port(), "POST", "/metrics").statusCode()).isEqualTo(405);
      assertThat(send(server.port(), "GET", "/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void metricNamesFollowTheDottedConvention() {
    assertThatThrownBy(() -> new Metric("vippair_agent_healthy", "x")).hasMessageContaining("dotted");
    assertThatThrownBy(() -> new Metric("vippair.agent.healthy", " ")).hasMessageContaining("help");
  }
}
