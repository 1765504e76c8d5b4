package io.vippair.common.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** One log event as one line of JSON: the pure part of the JSON log format. */
public final class JsonLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** java-operator-sdk's MDC keys during a reconcile, renamed to what a log query asks for. */
  private static final Map<String, String> RENAMED = Map.of("resource.namespace", "namespace", "resource.name", "pair");

  private JsonLine() {}

  /** The field an MDC key becomes. */
  static String fieldName(String key) {
    return RENAMED.getOrDefault(key, key);
  }

  /**
   * The line (without its newline). MDC entries become fields; one that would hide a field of the
   * event itself is dropped, so {@code level} or {@code message} always mean what they say.
   */
  public static String of(Instant time, String level, String logger, String thread, String message,
      Throwable thrown, Map<String, String> mdc) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", TIME.format(time));
    line.put("level", level);
    line.put("logger", logger);
    line.put("thread", thread);
    line.put("message", message);
    if (thrown != null) {
      StringWriter stack = new StringWriter();
      thrown.printStackTrace(new PrintWriter(stack));
      ObjectNode exception = line.putObject("exception");
      exception.put("class", thrown.getClass().getName());
      exception.put("message", thrown.getMessage());
      exception.put("stack", stack.toString());
    }
    if (mdc != null) {
      mdc.forEach((key, value) -> {
        String field = fieldName(key);
        if (!line.has(field)) {
          line.put(field, value);
        }
      });
    }
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
