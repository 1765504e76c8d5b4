package io.vippair.agent.health;

import io.vippair.agent.config.LocalCheck;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.api.v1alpha1.HealthCheckSpec;
import java.time.Duration;
import java.util.Map;

/** What to check for one pair on this member, how often, and with which fall/rise counts. */
public record HealthPlan(HealthCheck check, Duration interval, int fall, int rise) {

  /**
   * The plan for a VipPair's healthCheck, or null when it has none (the member is then healthy as
   * long as keepalived runs). TCP and HTTP checks target the member's own privateIp.
   */
  public static HealthPlan of(HealthCheckSpec spec, String ownIp, Map<String, LocalCheck> localChecks, CommandRunner commands) {
    if (spec == null) {
      return null;
    }
    Duration timeout = Duration.ofSeconds(orDefault(spec.getTimeoutSeconds(), 1));
    HealthCheck check;
    if (spec.getTcp() != null && spec.getTcp().getPort() != null) {
      check = new TcpCheck(ownIp, spec.getTcp().getPort(), timeout);
    } else if (spec.getHttp() != null && spec.getHttp().getPort() != null) {
      String path = spec.getHttp().getPath() == null ? "/" : spec.getHttp().getPath();
      check = new HttpCheck(ownIp, spec.getHttp().getPort(), path, timeout);
    } else if (spec.getLocal() != null) {
      LocalCheck local = localChecks.get(spec.getLocal());
      check = local == null ? new MissingLocalCheck(spec.getLocal()) : new ExecCheck(local, commands);
    } else {
      return null;
    }
    return new HealthPlan(check, Duration.ofSeconds(orDefault(spec.getIntervalSeconds(), 2)),
        orDefault(spec.getFall(), 3), orDefault(spec.getRise(), 2));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null || value < 1 ? fallback : value;
  }
}
