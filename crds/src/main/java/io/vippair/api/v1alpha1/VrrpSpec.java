package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** VRRP settings of the pair's keepalived instances (VRRP version 3, unicast). */
public class VrrpSpec extends UnknownFields {

  /**
   * The VRRP virtual router id, 1 to 255. Pairs that share a VM must use different ids; use a
   * distinct id per pair in the same subnet.
   */
  @Required
  @Min(1)
  @Max(255)
  private Integer virtualRouterId;

  /**
   * Interval between VRRP advertisements in milliseconds, 100 to 10000, a multiple of 10. A
   * master is declared dead after about three intervals.
   */
  @Default("1000")
  @Min(100)
  @Max(10000)
  @ValidationRule(value = "self % 10 == 0", message = "spec.vrrp.advertIntervalMillis must be a multiple of 10 (VRRPv3 counts in centiseconds)")
  private Integer advertIntervalMillis = 1000;

  public Integer getVirtualRouterId() { return virtualRouterId; }
  public void setVirtualRouterId(Integer virtualRouterId) { this.virtualRouterId = virtualRouterId; }
  public Integer getAdvertIntervalMillis() { return advertIntervalMillis; }
  public void setAdvertIntervalMillis(Integer advertIntervalMillis) { this.advertIntervalMillis = advertIntervalMillis; }
}
