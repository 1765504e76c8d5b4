package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as a log shipper sees it with --log-format json: every line on stdout is one JSON event. */
class JsonLogProcessTest {

  @Test
  void everyStdoutLineIsAJsonEvent(@TempDir Path dir) throws Exception {
    // an API server nobody answers: the agent starts, logs, and keeps trying
    Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--member", "cvm-a", "--keepalived-binary", "/bin/true", "--run-dir", dir.resolve("run").toString(),
        "--metrics-port", "0", "--kubeconfig", dir.resolve("kubeconfig").toString(), "--log-format", "json"));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process agent = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("starting as member cvm-a"));
    } finally {
      agent.destroy();
      if (!agent.waitFor(20, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }

    List<String> lines = Files.readAllLines(out);
    assertThat(lines).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode event = json.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(event.get("level").asText()).as(line).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
      assertThat(event.get("logger").asText()).as(line).isNotEmpty();
      assertThat(event.has("thread") && event.has("message")).as(line).isTrue();
    }
    assertThat(Files.readString(err)).as("nothing logged beside the JSON").isEmpty();
  }
}
