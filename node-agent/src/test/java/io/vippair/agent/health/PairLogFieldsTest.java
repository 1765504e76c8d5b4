package io.vippair.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.common.config.LogFormat;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With --log-format json the agent's lines about a pair carry its namespace and name as fields,
 * as the operator's do: the health monitor, run as the agent runs it, in a JVM of its own (SLF4J
 * picks the JSON provider once per JVM).
 */
class PairLogFieldsTest {

  /** Checks a pair against a closed port until the monitor says it is unhealthy. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      LogFormat.JSON.apply();
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      CountDownLatch unhealthy = new CountDownLatch(1);
      var executor = Executors.newScheduledThreadPool(1);
      try (HealthMonitor monitor = new HealthMonitor(executor, (pair, healthy, message) -> {
        if (!healthy) {
          unhealthy.countDown();
        }
      }, new AgentMetrics(new SimpleMeterRegistry()))) {
        monitor.set(new PairKey("db", "mysql-prod"),
            new HealthPlan(new TcpCheck("127.0.0.1", closed, Duration.ofMillis(200)), Duration.ofMillis(100), 1, 1));
        if (!unhealthy.await(20, TimeUnit.SECONDS)) {
          System.exit(3);
        }
      }
      executor.shutdownNow();
      System.exit(0);
    }
  }

  @Test
  void theHealthMonitorsLinesNameThePairAsFields() throws Exception {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = out.lines().map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
    List<JsonNode> monitor = lines.stream().filter(l -> l.path("logger").asText().equals(HealthMonitor.class.getName())).toList();
    assertThat(monitor).as(out).extracting(l -> l.path("message").asText())
        .anySatisfy(m -> assertThat(m).startsWith("db/mysql-prod: health check tcp 127.0.0.1:"))
        .anySatisfy(m -> assertThat(m).startsWith("db/mysql-prod: unhealthy: tcp 127.0.0.1:"));
    for (JsonNode line : monitor) {
      assertThat(line.path("namespace").asText()).as(line.toString()).isEqualTo("db");
      assertThat(line.path("pair").asText()).as(line.toString()).isEqualTo("mysql-prod");
    }
  }
}
