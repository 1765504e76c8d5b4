package io.vippair.operator.cloud.tencent;

import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.common.metrics.Metric;
import java.util.concurrent.TimeUnit;

/**
 * The cloud port's meters. Prometheus names: vippair_cloud_requests_total{action,code},
 * vippair_cloud_request_seconds{action}, vippair_cloud_throttled_total{action},
 * vippair_cloud_token_wait_seconds{action}. Tags hold only action names and error codes.
 */
final class CloudMetrics {
  static final Metric REQUESTS = new Metric("vippair.cloud.requests",
      "Cloud API requests sent, by action and result code (OK, the cloud's code, IOError, Timeout)");
  static final Metric REQUEST = new Metric("vippair.cloud.request", "Cloud API request latency");
  static final Metric THROTTLED = new Metric("vippair.cloud.throttled",
      "Cloud API calls throttled by the cloud or by the local rate limit");
  static final Metric TOKEN_WAIT = new Metric("vippair.cloud.token.wait", "Time spent waiting for a rate-limit token");

  private final MeterRegistry registry;

  CloudMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One HTTP request that reached (or tried to reach) the cloud; code "OK" or the error code. */
  void request(String action, String code, long nanos) {
    REQUESTS.counter()
        .tag("action", action).tag("code", code)
        .register(registry).increment();
    REQUEST.timer()
        .tag("action", action)
        .publishPercentileHistogram()
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The cloud answered with a throttling code, or a call gave up waiting for a local token. */
  void throttled(String action) {
    THROTTLED.counter()
        .tag("action", action)
        .register(registry).increment();
  }

  void tokenWait(String action, long nanos) {
    TOKEN_WAIT.timer()
        .tag("action", action)
        .publishPercentileHistogram()
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
