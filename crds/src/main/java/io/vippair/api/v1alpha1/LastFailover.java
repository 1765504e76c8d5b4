package io.vippair.api.v1alpha1;

import java.util.Objects;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The last completed failover. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastFailover extends UnknownFields {

  /** The member that held the VIP. */
  private String from;

  /** The member that holds it now. */
  private String to;

  /** Why it moved, in one word (for example GracefulHandover or MasterSilent). */
  private String reason;

  /** When the new master reported MASTER (RFC 3339, UTC, milliseconds). */
  private String vrrpAt;

  /** When the cloud confirmed the new owner (RFC 3339, UTC, milliseconds). */
  private String cloudAt;

  /** Milliseconds from vrrpAt to cloudAt. */
  private Long millis;

  public String getFrom() { return from; }
  public void setFrom(String from) { this.from = from; }
  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getVrrpAt() { return vrrpAt; }
  public void setVrrpAt(String vrrpAt) { this.vrrpAt = vrrpAt; }
  public String getCloudAt() { return cloudAt; }
  public void setCloudAt(String cloudAt) { this.cloudAt = cloudAt; }
  public Long getMillis() { return millis; }
  public void setMillis(Long millis) { this.millis = millis; }

  /** A copy that shares nothing mutable with this one. */
  public LastFailover copy() {
    LastFailover c = new LastFailover();
    c.from = from;
    c.to = to;
    c.reason = reason;
    c.vrrpAt = vrrpAt;
    c.cloudAt = cloudAt;
    c.millis = millis;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof LastFailover)) {
      return false;
    }
    LastFailover o = (LastFailover) other;
    return Objects.equals(from, o.from) && Objects.equals(to, o.to) && Objects.equals(reason, o.reason) && Objects.equals(vrrpAt, o.vrrpAt) && Objects.equals(cloudAt, o.cloudAt) && Objects.equals(millis, o.millis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, reason, vrrpAt, cloudAt, millis);
  }
}
