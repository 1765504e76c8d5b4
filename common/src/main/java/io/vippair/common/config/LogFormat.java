package io.vippair.common.config;

import io.vippair.common.logging.JsonLogProvider;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The --log-format setting both programs take: slf4j-simple's text, or one JSON object a line for
 * a log shipper. SLF4J picks its provider once, when the first logger is made, so {@link #apply}
 * must run before anything logs.
 */
public enum LogFormat {
  TEXT, JSON;

  public static final Setting<LogFormat> SETTING = Setting.flag("--log-format",
          Parsers.oneOf(LogFormat.class, "text or json"))
      .metavar("text").env("VIPPAIR_LOG_FORMAT").key("logFormat").byDefault("text")
      .help("`text`, or `json`: one object a line on standard output with time, level, logger, thread, message, "
          + "exception and the pair's `namespace` and `pair`");

  /** Chooses the SLF4J provider of every logger made from now on. */
  public void apply() {
    if (this == JSON) {
      // SLF4J 2.0.9+ loads the named provider instead of searching the class path (slf4j-simple stays there for text)
      System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
      // SLF4J says on stderr which provider it loaded; a shipper reading both streams wants only JSON
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

  /**
   * Sends java.util.logging through SLF4J, so a process that has JUL loggers (the operator: OkHttp 3
   * under the Tencent SDK) writes one format; JUL's own console handler would write its two-line
   * format to stderr beside ours. Not on the agent's start path, which has no JUL logger and a
   * start-to-report target (installing costs 13-22 ms there).
   */
  public static void routeJavaUtilLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
