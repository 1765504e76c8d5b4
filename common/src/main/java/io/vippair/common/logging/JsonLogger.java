package io.vippair.common.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/** A logger that writes each event it lets through as one {@link JsonLine} on standard output. */
final class JsonLogger extends LegacyAbstractLogger {
  private static final Object WRITING = new Object();
  private final int threshold;
  private final transient Supplier<PrintStream> out;
  private final transient MDCAdapter mdc;

  JsonLogger(String name, int threshold, Supplier<PrintStream> out, MDCAdapter mdc) {
    this.name = name;
    this.threshold = threshold;
    this.out = out;
    this.mdc = mdc;
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold;
  }

  @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
  @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
  @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
  @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
  @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  /** The MDC, and over it the fields of the first argument that names some (the more specific). */
  private Map<String, String> fields(Object[] arguments) {
    Map<String, String> context = mdc.getCopyOfContextMap();
    if (arguments != null) {
      for (Object argument : arguments) {
        if (argument instanceof LogFields named) {
          Map<String, String> merged = new HashMap<>();
          if (context != null) {
            context.forEach((key, value) -> merged.put(JsonLine.fieldName(key), value));
          }
          merged.putAll(named.logFields());
          return merged;
        }
      }
    }
    return context;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable thrown) {
    String line = JsonLine.of(Instant.now(), level.name(), name, Thread.currentThread().getName(),
        MessageFormatter.basicArrayFormat(pattern, arguments), thrown, fields(arguments));
    synchronized (WRITING) {
      out.get().println(line);
    }
  }
}
