package io.vippair.operator.cloud.tencent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link TencentCloudPort} talks to the cloud: endpoint, HTTP timeouts, rate limits and
 * retries. {@link #defaults()} holds the documented Tencent limits; the {@code with...} methods
 * return a changed copy and reject bad values with a message naming the setting.
 *
 * @param rateLimits requests per second per action, per account (secretId) and region
 * @param maxTokenWait longest a call waits for a rate-limit token before failing THROTTLED
 * @param maxAttempts attempts per call, the first included (1 = no retry)
 * @param retryBaseDelay backoff before the second attempt; doubles each attempt, with full jitter
 * @param retryMaxDelay the cap on one backoff
 */
public record CloudPortSettings(
    CloudEndpoint endpoint,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Map<String, Double> rateLimits,
    Duration maxTokenWait,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxDelay) {

  /**
   * Tencent's default per-action limits (MigratePrivateIpAddress: the Chinese doc's safer 50/s;
   * the HAVIP calls: 20/s, documented for CreateHaVip, DescribeHaVips and HaVipAssociateAddressIp and
   * assumed for the others).
   */
  public static final Map<String, Double> DOCUMENTED_RATE_LIMITS = Map.of(
      CloudActions.MIGRATE, 50.0,
      CloudActions.DESCRIBE, 100.0,
      CloudActions.ASSIGN, 100.0,
      CloudActions.UNASSIGN, 100.0,
      CloudActions.TASK_RESULT, 20.0,
      CloudActions.DESCRIBE_HA_VIPS, 20.0,
      CloudActions.ASSOCIATE_HA_VIP_INSTANCE, 20.0,
      CloudActions.DISASSOCIATE_HA_VIP_INSTANCE, 20.0,
      CloudActions.HA_VIP_ASSOCIATE_EIP, 20.0,
      CloudActions.HA_VIP_DISASSOCIATE_EIP, 20.0);

  public CloudPortSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    positive("connectTimeout", connectTimeout);
    positive("readTimeout", readTimeout);
    positive("writeTimeout", writeTimeout);
    positive("maxTokenWait", maxTokenWait);
    positive("retryBaseDelay", retryBaseDelay);
    positive("retryMaxDelay", retryMaxDelay);
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("cloud maxAttempts must be 1-20, got " + maxAttempts);
    }
    rateLimits = Map.copyOf(rateLimits);
    for (String action : CloudActions.ALL) {
      Double rate = rateLimits.get(action);
      if (rate == null || !(rate > 0) || rate > 10_000) {
        throw new IllegalArgumentException(
            "--rate-limit-" + action + " must be a number of requests per second in (0, 10000], got " + rate);
      }
    }
  }

  public static CloudPortSettings defaults() {
    return new CloudPortSettings(
        CloudEndpoint.publicEndpoint(),
        Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5),
        DOCUMENTED_RATE_LIMITS,
        Duration.ofSeconds(10),
        5, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  public CloudPortSettings withEndpoint(CloudEndpoint e) {
    return new CloudPortSettings(e, connectTimeout, readTimeout, writeTimeout, rateLimits,
        maxTokenWait, maxAttempts, retryBaseDelay, retryMaxDelay);
  }

  /** The SDK counts timeouts in whole seconds; anything below a second becomes one second. */
  public CloudPortSettings withTimeouts(Duration connect, Duration read, Duration write) {
    return new CloudPortSettings(endpoint, connect, read, write, rateLimits,
        maxTokenWait, maxAttempts, retryBaseDelay, retryMaxDelay);
  }

  /** Overrides one action's rate; {@code value} as written on the command line. */
  public CloudPortSettings withRateLimit(String actionName, String value) {
    String action = CloudActions.named(actionName);
    double rate;
    try {
      rate = Double.parseDouble(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--rate-limit-" + actionName + " must be a number of requests per second, got '" + value + "'");
    }
    Map<String, Double> limits = new HashMap<>(rateLimits);
    limits.put(action, rate);
    return new CloudPortSettings(endpoint, connectTimeout, readTimeout, writeTimeout, limits,
        maxTokenWait, maxAttempts, retryBaseDelay, retryMaxDelay);
  }

  public CloudPortSettings withRetries(int attempts, Duration baseDelay, Duration maxDelay) {
    return new CloudPortSettings(endpoint, connectTimeout, readTimeout, writeTimeout, rateLimits,
        maxTokenWait, attempts, baseDelay, maxDelay);
  }

  public CloudPortSettings withMaxTokenWait(Duration wait) {
    return new CloudPortSettings(endpoint, connectTimeout, readTimeout, writeTimeout, rateLimits,
        wait, maxAttempts, retryBaseDelay, retryMaxDelay);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("cloud " + name + " must be a positive duration, got " + d);
    }
  }
}
