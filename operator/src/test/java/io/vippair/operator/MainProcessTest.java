package io.vippair.operator;

import static io.vippair.operator.Testbed.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.Phase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator as the lab and users run it: a separate JVM started through Main, talking HTTP. */
class MainProcessTest {

  static ProcessBuilder operatorProcess(List<String> flags) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(flags);
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  @Test
  void aBadFlagExitsWithStatus2AndSaysWhatToFix() throws Exception {
    Process p = operatorProcess(List.of("--resync-period", "often")).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("--resync-period (env VIPPAIR_RESYNC_PERIOD) is 'often'; write a duration such as 500ms");
  }

  @Test
  void runsAgainstTheApiServerAndTheCloudAndServesMetrics(@TempDir Path dir) throws Exception {
    try (Testbed bed = Testbed.start().seedCloud(0, 1, true)) {
      bed.agents.answeringProbes();
      Path kubeconfig = bed.api.writeKubeconfig(dir.resolve("kubeconfig"));
      int metricsPort = freePort();
      ProcessBuilder pb = operatorProcess(List.of("--kubeconfig", kubeconfig.toString(),
          "--cloud-endpoint", "http://" + bed.cloud.endpoint(), "--metrics-host", "127.0.0.1",
          "--metrics-port", String.valueOf(metricsPort),
          "--leader-election-namespace", Testbed.LEASE_NAMESPACE, "--identity", "op-process"));
      pb.environment().putAll(bed.env());
      pb.redirectOutput(dir.resolve("operator.log").toFile());
      Process operator = pb.start();
      try {
        bed.create(Testbed.pairObject(0));
        bed.agentsUp(0, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> bed.get(0).getStatus() != null
            && bed.get(0).getStatus().getPhase() == Phase.Ready);
        assertThat(bed.get(0).getStatus().getCloudOwner()).isEqualTo(member("a", 0));

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(http, metricsPort, "/readyz").statusCode() == 200);
        String metrics = get(http, metricsPort, "/metrics").body();
        assertThat(metrics).contains("vippair_leader 1.0", "vippair_pairs{phase=\"Ready\"} 1.0",
            "vippair_reconcile_seconds_count", "vippair_cloud_requests_total");
        assertThat(get(http, metricsPort, "/healthz").statusCode()).isEqualTo(200);
        // the per-pair series and the agents' scrape targets, from the status the leader published
        String pair = Testbed.NAMESPACE + "/" + Testbed.name(0);
        // (published right after the status write, so a scrape may come a moment before it)
        String readySeries = "vippair_pair_phase{namespace=\"" + Testbed.NAMESPACE + "\",pair=\"" + pair + "\",phase=\"Ready\"} 1.0";
        await().atMost(Duration.ofSeconds(10)).until(() -> get(http, metricsPort, "/metrics").body().contains(readySeries));
        assertThat(get(http, metricsPort, "/sd/agents").body()).contains("\"" + Testbed.ip(0, 0) + ":9190\"", "\"" + Testbed.ip(0, 1) + ":9190\"");
        assertThat(bed.client.leases().inNamespace(Testbed.LEASE_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get()
            .getSpec().getHolderIdentity()).isEqualTo("op-process");
      } finally {
        operator.destroy();
        if (!operator.waitFor(20, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
      String log = Files.readString(dir.resolve("operator.log"));
      assertThat(log).doesNotContain(bed.cloud.secretKey());
    }
  }

  @Test
  void withLogFormatJsonEveryStdoutLineIsAnEventAndReconcilesNameTheirPair(@TempDir Path dir) throws Exception {
    try (Testbed bed = Testbed.start().seedCloud(0, 1, true)) {
      bed.agents.answeringProbes();
      Path kubeconfig = bed.api.writeKubeconfig(dir.resolve("kubeconfig"));
      // debug: java-operator-sdk logs inside a reconcile, where its MDC names the resource
      ProcessBuilder pb = operatorProcess(List.of("--kubeconfig", kubeconfig.toString(),
          "--cloud-endpoint", "http://" + bed.cloud.endpoint(), "--metrics-port", "0",
          "--leader-election-namespace", Testbed.LEASE_NAMESPACE, "--identity", "op-json",
          "--log-format", "json", "--log-level", "debug")).redirectErrorStream(false);
      pb.environment().putAll(bed.env());
      pb.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
      Process operator = pb.start();
      try {
        bed.create(Testbed.pairObject(0));
        bed.agentsUp(0, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> bed.get(0).getStatus() != null
            && bed.get(0).getStatus().getPhase() == Phase.Ready);
      } finally {
        operator.destroy();
        if (!operator.waitFor(20, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("stdout"))) {
        var event = json.readTree(line);
        assertThat(event.isObject()).as(line).isTrue();
        assertThat(event.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(event.has("level") && event.has("logger") && event.has("thread") && event.has("message")).as(line).isTrue();
        events.add(event);
      }
      assertThat(events).anySatisfy(e -> {
        assertThat(e.path("namespace").asText()).isEqualTo(Testbed.NAMESPACE);
        assertThat(e.path("pair").asText()).isEqualTo(Testbed.name(0));
      });
      assertThat(Files.readString(dir.resolve("stdout"))).doesNotContain(bed.cloud.secretKey());
      assertThat(Files.readString(dir.resolve("stderr"))).as("nothing logged beside the JSON").isEmpty();
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
