package io.vippair.operator.cloud;

import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.cloud.tencent.TencentCloudPort;
import io.vippair.operator.cloud.tencent.TencentSecondaryIpMode;
import io.vippair.operator.cloud.tencent.havip.TencentHaVipMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The factory of cloud modes: each pair is served by the {@link CloudPort} of its mode
 * (spec.cloud.mode). A further mode (another cloud) adds a {@link Mode}, a package next to {@code
 * tencent} and a line in {@link #create}. Itself a {@link CloudPort} that hands each call to the
 * pair's mode, so the controller never knows which one runs.
 */
public final class CloudModes implements CloudPort {

  /** How a pair's VIP reaches its master. */
  public enum Mode {
    /** The VIP is a secondary private IP of the master's ENI (Tencent MigratePrivateIpAddress). */
    TENCENT_SECONDARY_IP,
    /** The VIP is a Tencent HAVIP that the master claims by gratuitous ARP (spec.cloud.mode HaVip). */
    TENCENT_HAVIP
  }

  private final Map<Mode, CloudPort> ports;

  public CloudModes(Map<Mode, CloudPort> ports) {
    this.ports = new EnumMap<>(ports);
  }

  /** Every mode this build knows, configured from the operator's settings. */
  public static CloudModes create(CloudPortSettings tencent, MeterRegistry registry) {
    // one VPC API for both Tencent modes: they share its token buckets (DescribeVpcTaskResult, the account's limits)
    TencentCloudPort api = new TencentCloudPort(tencent, registry);
    return new CloudModes(Map.of(
        Mode.TENCENT_SECONDARY_IP, new TencentSecondaryIpMode(api),
        Mode.TENCENT_HAVIP, new TencentHaVipMode(api, Clock.systemUTC())));
  }

  /** A pair's mode, from spec.cloud.mode (absent: Eni). */
  public static Mode modeOf(VipPair pair) {
    var cloud = pair.getSpec() == null ? null : pair.getSpec().getCloud();
    return cloud != null && cloud.haVipMode() ? Mode.TENCENT_HAVIP : Mode.TENCENT_SECONDARY_IP;
  }

  /** The port that serves this pair's mode. */
  public CloudPort portFor(VipPair pair) {
    CloudPort port = ports.get(modeOf(pair));
    if (port == null) {
      throw new IllegalStateException("no cloud port for mode " + modeOf(pair) + " in this operator build");
    }
    return port;
  }

  @Override
  public Map<String, Placement> observe(CloudAccount account, List<VipPair> pairs, CallPriority priority) {
    Map<CloudPort, List<VipPair>> byPort = new LinkedHashMap<>();
    pairs.forEach(p -> byPort.computeIfAbsent(portFor(p), k -> new ArrayList<>()).add(p));
    Map<String, Placement> out = new HashMap<>();
    byPort.forEach((port, some) -> out.putAll(port.observe(account, some, priority)));
    return out;
  }

  @Override
  public TaskHandle place(CloudAccount account, VipPair pair, String to, String from, Attempts attempts)
      throws CloudException {
    return portFor(pair).place(account, pair, to, from, attempts);
  }

  @Override
  public TaskHandle release(CloudAccount account, VipPair pair, String from, Attempts attempts) throws CloudException {
    return portFor(pair).release(account, pair, from, attempts);
  }

  @Override
  public TaskState follow(CloudAccount account, VipPair pair, String taskId) throws CloudException {
    return portFor(pair).follow(account, pair, taskId);
  }
}
