package io.vippair.operator.cloud.tencent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The cloud port's meters. Prometheus names: vippair_cloud_requests_total{action,code},
 * vippair_cloud_request_seconds{action}, vippair_cloud_throttled_total{action},
 * vippair_cloud_token_wait_seconds{action}. Tags hold only action names and error codes.
 */
final class CloudMetrics {
  private final MeterRegistry registry;

  CloudMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One HTTP request that reached (or tried to reach) the cloud; code "OK" or the error code. */
  void request(String action, String code, long nanos) {
    Counter.builder("vippair.cloud.requests")
        .description("Cloud API requests sent, by action and result code (OK, the cloud's code, IOError, Timeout)")
        .tag("action", action).tag("code", code)
        .register(registry).increment();
    Timer.builder("vippair.cloud.request")
        .description("Cloud API request latency")
        .tag("action", action)
        .publishPercentileHistogram()
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The cloud answered with a throttling code, or a call gave up waiting for a local token. */
  void throttled(String action) {
    Counter.builder("vippair.cloud.throttled")
        .description("Cloud API calls throttled by the cloud or by the local rate limit")
        .tag("action", action)
        .register(registry).increment();
  }

  void tokenWait(String action, long nanos) {
    Timer.builder("vippair.cloud.token.wait")
        .description("Time spent waiting for a rate-limit token")
        .tag("action", action)
        .publishPercentileHistogram()
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
