package io.vippair.common.config;

import java.util.Locale;

/**
 * The --log-level setting both programs take. slf4j-simple reads its level once, when the first
 * logger is made, so {@link #apply} must run before anything logs.
 */
public enum LogLevel {
  ERROR, WARN, INFO, DEBUG, TRACE;

  public static final Setting<LogLevel> SETTING = Setting.flag("--log-level",
          Parsers.oneOf(LogLevel.class, "error, warn, info, debug or trace"))
      .metavar("info").env("VIPPAIR_LOG_LEVEL").key("logLevel").byDefault("info")
      .help("how much to log: `error`, `warn`, `info`, `debug` or `trace` (to standard error)");

  /** Sets the level of every logger made from now on. */
  public void apply() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", name().toLowerCase(Locale.ROOT));
    // fabric8 warns on every use of a v1alpha1 resource; VipPair is one by design
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
  }
}
