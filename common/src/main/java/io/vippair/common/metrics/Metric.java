package io.vippair.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * One meter's name and help text, defined once as a constant next to the code that records it.
 *
 * <p>The convention of both processes: Micrometer's dotted names ({@code vippair.agent.report});
 * the Prometheus registry exports them in snake case with its unit suffixes
 * ({@code vippair_agent_report_seconds}, {@code vippair_failovers_total}), and those exported names
 * are what dashboards and alerts query.
 */
public record Metric(String name, String help) {

  private static final Pattern DOTTED = Pattern.compile("^vippair(\\.[a-z][a-z0-9]*)+$");

  public Metric {
    if (!DOTTED.matcher(name).matches()) {
      throw new IllegalArgumentException("metric name " + name + ": write it dotted and lower-case, e.g. vippair.agent.report");
    }
    if (help == null || help.isBlank()) {
      throw new IllegalArgumentException("metric " + name + " needs a help text");
    }
  }

  public Counter.Builder counter() {
    return Counter.builder(name).description(help);
  }

  public Timer.Builder timer() {
    return Timer.builder(name).description(help);
  }

  public <T> Gauge.Builder<T> gauge(T obj, ToDoubleFunction<T> value) {
    return Gauge.builder(name, obj, value).description(help);
  }
}
