package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.common.config.LogFormat;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Tencent SDK logs through commons-logging (its TCLog). commons-logging 1.3 hands that to SLF4J,
 * so with --log-format json the SDK's lines are JSON lines on standard output like ours. A JVM of
 * its own, because SLF4J picks its provider once per JVM.
 */
class SdkLoggingTest {

  /** Logs one line the way the SDK does, after choosing the JSON format the way Main does. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      LogFormat.JSON.apply();
      // TCLog is package-private; debug=true is what ClientProfile.setDebug(true) gives the SDK's clients
      Constructor<?> made = Class.forName("com.tencentcloudapi.common.TCLog").getDeclaredConstructor(String.class, boolean.class);
      made.setAccessible(true);
      Object log = made.newInstance("com.tencentcloudapi.probe", true);
      Method info = log.getClass().getDeclaredMethod("info", String.class);
      info.setAccessible(true);
      info.invoke(log, "probe from the SDK");
    }
  }

  @Test
  void theSdksDebugModeStaysOff() {
    // in debug mode the SDK logs every request's headers, X-TC-Token (a session token) among them
    assertThat(SdkClients.profile("vpc.tencentcloudapi.com", "https://", Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1)).isDebug()).isFalse();
  }

  @Test
  void theSdksLogLinesAreJsonLinesOnStandardOutput() throws Exception {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).as("standard output: %s", out).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("logger").asText()).isEqualTo("com.tencentcloudapi.probe");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("message").asText()).isEqualTo("probe from the SDK");
  }
}
