package io.vippair.common.logging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of {@code --log-format json}. Chosen by the {@code slf4j.provider} system
 * property, not by a service file, so slf4j-simple stays the provider of the text format.
 *
 * <p>Levels come from the same system properties slf4j-simple reads
 * ({@code org.slf4j.simpleLogger.defaultLogLevel}, {@code org.slf4j.simpleLogger.log.<name>}),
 * so --log-level and the per-logger quietening in {@code LogLevel} mean the same in both formats.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  @Override
  public void initialize() {
    Map<String, Logger> made = new ConcurrentHashMap<>();
    mdc = new BasicMDCAdapter();
    loggers = name -> made.computeIfAbsent(name, n -> new JsonLogger(n, levelOf(n), () -> System.out, mdc));
    markers = new BasicMarkerFactory();
  }

  /** The level of the nearest configured ancestor of the logger, else the default, else info. */
  static int levelOf(String name) {
    for (String prefix = name; !prefix.isEmpty(); prefix = prefix.contains(".")
        ? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
      String level = System.getProperty(PREFIX + prefix);
      if (level != null) {
        return parse(level);
      }
    }
    return parse(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
  }

  /** slf4j-simple's names; {@code off} lets nothing through. */
  private static int parse(String level) {
    String name = level.trim().toUpperCase(Locale.ROOT);
    if (name.equals("OFF")) {
      return Integer.MAX_VALUE;
    }
    try {
      return Level.valueOf(name).toInt();
    } catch (IllegalArgumentException e) {
      return Level.INFO.toInt();
    }
  }

  @Override public ILoggerFactory getLoggerFactory() { return loggers; }
  @Override public IMarkerFactory getMarkerFactory() { return markers; }
  @Override public MDCAdapter getMDCAdapter() { return mdc; }
  @Override public String getRequestedApiVersion() { return "2.0.99"; }
}
