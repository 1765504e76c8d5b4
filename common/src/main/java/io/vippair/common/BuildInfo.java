package io.vippair.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.common.metrics.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which build runs: the Maven project version, written into build.properties when the module is
 * built, printed by --version and exported as {@code vippair_build_info{program,version} 1}.
 */
public final class BuildInfo {

  public static final Metric BUILD_INFO = new Metric("vippair.build.info",
      "Always 1; the labels say which program runs and its version");

  private static final String VERSION = load();

  private BuildInfo() {}

  /** The project version, e.g. 0.1.0-SNAPSHOT; "dev" only when the resource is missing. */
  public static String version() {
    return VERSION;
  }

  /** Registers vippair_build_info for this program (operator, agent). */
  public static void register(MeterRegistry registry, String program) {
    BUILD_INFO.gauge(registry, r -> 1).tag("program", program).tag("version", VERSION).register(registry);
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
