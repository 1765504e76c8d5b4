package io.vippair.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * OkHttp 3 (under the Tencent SDK) warns through java.util.logging, e.g. about a leaked
 * connection. After {@link LogFormat#routeJavaUtilLogging()} (the operator's Main) such a line is one of ours: with json, a JSON line
 * on stdout and nothing on stderr. A JVM of its own: SLF4J and JUL are configured once per JVM.
 */
class JulRoutingTest {

  public static final class Probe {
    public static void main(String[] args) {
      LogFormat.JSON.apply();
      LogFormat.routeJavaUtilLogging();
      Logger.getLogger("okhttp3.OkHttpClient").warning("A connection to https://vpc.tencentcloudapi.com/ was leaked");
    }
  }

  @Test
  void javaUtilLoggingLinesBecomeJsonLinesOnStdout() throws Exception {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName())).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(err).as("stderr").isEmpty();
    List<String> lines = out.lines().toList();
    assertThat(lines).as(out).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("logger").asText()).isEqualTo("okhttp3.OkHttpClient");
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("message").asText()).isEqualTo("A connection to https://vpc.tencentcloudapi.com/ was leaked");
  }
}
