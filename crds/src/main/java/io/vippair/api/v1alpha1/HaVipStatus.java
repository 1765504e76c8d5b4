package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Where the pair's HAVIP is bound, and how long it took to follow the master (mode HaVip). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HaVipStatus extends UnknownFields {

  /** The member whose ENI the HAVIP is bound to, as DescribeHaVips last said; absent when unbound. */
  private String boundMember;

  /** That member's ENI. */
  private String boundEni;

  /**
   * How long the binding took to follow the last MASTER report that moved it, in milliseconds:
   * from the agent's MASTER transition to the observation that showed the binding on its ENI.
   */
  private Long bindingLagMillis;

  /** Since when the binding lags the master (RFC 3339, UTC, milliseconds); absent when it follows. */
  private String laggingSince;

  public HaVipStatus() {}

  public HaVipStatus(String boundMember, String boundEni, Long bindingLagMillis, String laggingSince) {
    this.boundMember = boundMember;
    this.boundEni = boundEni;
    this.bindingLagMillis = bindingLagMillis;
    this.laggingSince = laggingSince;
  }

  public String getBoundMember() { return boundMember; }
  public void setBoundMember(String boundMember) { this.boundMember = boundMember; }
  public String getBoundEni() { return boundEni; }
  public void setBoundEni(String boundEni) { this.boundEni = boundEni; }
  public Long getBindingLagMillis() { return bindingLagMillis; }
  public void setBindingLagMillis(Long bindingLagMillis) { this.bindingLagMillis = bindingLagMillis; }
  public String getLaggingSince() { return laggingSince; }
  public void setLaggingSince(String laggingSince) { this.laggingSince = laggingSince; }

  /** A copy that shares nothing mutable with this one. */
  public HaVipStatus copy() {
    return new HaVipStatus(boundMember, boundEni, bindingLagMillis, laggingSince);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof HaVipStatus)) {
      return false;
    }
    HaVipStatus o = (HaVipStatus) other;
    return Objects.equals(boundMember, o.boundMember) && Objects.equals(boundEni, o.boundEni) && Objects.equals(bindingLagMillis, o.bindingLagMillis) && Objects.equals(laggingSince, o.laggingSince);
  }

  @Override
  public int hashCode() {
    return Objects.hash(boundMember, boundEni, bindingLagMillis, laggingSince);
  }
}
