package io.vippair.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class JsonLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant TIME = Instant.parse("2026-12-04T22:20:01.5Z");

  static JsonNode parse(String line) throws Exception {
    assertThat(line).doesNotContain("\n");
    return JSON.readTree(line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      plain              | the VIP moved
      quote and slash    | "said \\"hi\\" c:\\\\"
      newline and tab    | a\\nb\\tc\\r
      control and accent | bell\\007 \u00e9 \u6f22
      """)
  void theMessageSurvivesEscapingOnOneLine(String what, String escaped) throws Exception {
    String message = escaped.translateEscapes();
    JsonNode line = parse(JsonLine.of(TIME, "INFO", "a.B", "main", message, null, null));

    assertThat(line.get("message").asText()).as(what).isEqualTo(message);
  }

  @Test
  void theFieldsOfAnEventInOrder() throws Exception {
    String text = JsonLine.of(TIME, "WARN", "io.vippair.X", "reconciler-1", "hello", null, Map.of());

    assertThat(text).isEqualTo("{\"time\":\"2026-12-04T22:20:01.500Z\",\"level\":\"WARN\",\"logger\":\"io.vippair.X\","
        + "\"thread\":\"reconciler-1\",\"message\":\"hello\"}");
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      resource.name      | web        | pair      | web
      resource.namespace | shop       | namespace | shop
      resource.kind      | VipPair    | resource.kind | VipPair
      requestId          | 42         | requestId | 42
      level              | DEBUG      | level     | ERROR
      message            | spoofed    | message   | m
      """)
  void mdcEntriesBecomeFieldsAndNeverHideTheEvent(String key, String value, String field, String expected)
      throws Exception {
    JsonNode line = parse(JsonLine.of(TIME, "ERROR", "l", "t", "m", null, Map.of(key, value)));

    assertThat(line.get(field).asText()).isEqualTo(expected);
  }

  @Test
  void anExceptionHasItsClassMessageAndWholeStackInOneString() throws Exception {
    var cause = new IllegalStateException("root cause");
    var thrown = new RuntimeException("outer \"quoted\"", cause);

    JsonNode exception = parse(JsonLine.of(TIME, "ERROR", "l", "t", "failed", thrown, null)).get("exception");

    assertThat(exception.get("class").asText()).isEqualTo("java.lang.RuntimeException");
    assertThat(exception.get("message").asText()).isEqualTo("outer \"quoted\"");
    assertThat(exception.get("stack").asText()).startsWith("java.lang.RuntimeException: outer \"quoted\"\n\tat ")
        .contains("Caused by: java.lang.IllegalStateException: root cause");
  }

  @Test
  void anExceptionWithoutMessageHasANullMessage() throws Exception {
    JsonNode exception = parse(JsonLine.of(TIME, "ERROR", "l", "t", "m", new NullPointerException(), null))
        .get("exception");

    assertThat(exception.get("message").isNull()).isTrue();
  }

  @Test
  void theLoggerFormatsArgumentsTakesTheTrailingThrowableAndReadsTheMdc() throws Exception {
    var out = new ByteArrayOutputStream();
    var stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    var mdc = new BasicMDCAdapter();
    var logger = new JsonLogger("io.vippair.T", Level.INFO.toInt(), () -> stream, mdc);

    mdc.put("resource.namespace", "shop");
    mdc.put("resource.name", "web");
    logger.debug("not shown {}", 1);
    logger.warn("moved {} to {}", "vip", "cvm-b", new IllegalStateException("boom"));
    mdc.clear();
    logger.info("after");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = parse(lines[0]);
    assertThat(first.get("message").asText()).isEqualTo("moved vip to cvm-b");
    assertThat(first.get("level").asText()).isEqualTo("WARN");
    assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(first.get("exception").get("message").asText()).isEqualTo("boom");
    assertThat(first.get("namespace").asText()).isEqualTo("shop");
    assertThat(first.get("pair").asText()).isEqualTo("web");
    JsonNode second = parse(lines[1]);
    assertThat(second.has("pair")).isFalse();
    assertThat(second.has("exception")).isFalse();
  }

  @Test
  void anArgumentThatNamesFieldsAddsThemOverTheMdc() throws Exception {
    var out = new ByteArrayOutputStream();
    var stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    var mdc = new BasicMDCAdapter();
    var logger = new JsonLogger("io.vippair.T", Level.INFO.toInt(), () -> stream, mdc);
    LogFields pair = new LogFields() {
      @Override public Map<String, String> logFields() { return Map.of("namespace", "db", "pair", "mysql-prod"); }
      @Override public String toString() { return "db/mysql-prod"; }
    };

    mdc.put("resource.name", "other");
    mdc.put("requestId", "7");
    logger.warn("{}: unhealthy", pair, new IllegalStateException("down"));
    mdc.clear();
    logger.info("{} has no fields", "a string");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    JsonNode first = parse(lines[0]);
    assertThat(first.get("message").asText()).isEqualTo("db/mysql-prod: unhealthy");
    assertThat(first.get("namespace").asText()).isEqualTo("db");
    assertThat(first.get("pair").asText()).isEqualTo("mysql-prod");
    assertThat(first.get("requestId").asText()).isEqualTo("7");
    assertThat(first.get("exception").get("message").asText()).isEqualTo("down");
    JsonNode second = parse(lines[1]);
    assertThat(second.has("pair")).isFalse();
    assertThat(second.has("namespace")).isFalse();
  }

  @Test
  void levelsFollowSlf4jSimplesPropertiesNearestAncestorFirst() {
    Map<String, String> saved = new LinkedHashMap<>();
    for (String key : new String[] {"org.slf4j.simpleLogger.defaultLogLevel", "org.slf4j.simpleLogger.log.a.b"}) {
      saved.put(key, System.getProperty(key));
    }
    try {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
      System.setProperty("org.slf4j.simpleLogger.log.a.b", "off");

      assertThat(JsonLogProvider.levelOf("x.Y")).isEqualTo(Level.DEBUG.toInt());
      assertThat(JsonLogProvider.levelOf("a.b.C")).isEqualTo(Integer.MAX_VALUE);
      assertThat(JsonLogProvider.levelOf("a.bc")).isEqualTo(Level.DEBUG.toInt());
    } finally {
      saved.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
    }
  }
}
