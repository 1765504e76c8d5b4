package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The operator's record of the last planned switchover request (spec.switchover) and its outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SwitchoverStatus extends UnknownFields {

  /** The nonce of the request this record answers. */
  private String nonce;

  /** The member asked to hold the VIP. */
  private String to;

  /** The member that held the VIP when the switchover started. */
  private String from;

  /** Pending, InProgress, Succeeded, Refused or Failed. */
  private SwitchoverPhase phase;

  /** Why it is in this phase, in one word (for example TargetUnhealthy or Completed). */
  private String reason;

  /** The same, in a sentence for people. */
  private String message;

  /** When the operator first saw the request (RFC 3339, UTC, milliseconds). */
  private String requestedAt;

  /** When it succeeded, was refused or failed (RFC 3339, UTC, milliseconds). */
  private String completedAt;

  /** Milliseconds from requestedAt to the cloud's confirmation (Succeeded only). */
  private Long durationMs;

  /**
   * Milliseconds clients could not reach the VIP, as estimated from the reports: from the moment
   * the old master stepped down (it drops the VIP) to the cloud's confirmation (Succeeded only).
   */
  private Long outageEstimateMs;

  /** BreakBeforeMake or MakeBeforeBreak: the mode this switchover is carried out in (absent: BreakBeforeMake). */
  private SwitchoverMode mode;

  /**
   * MakeBeforeBreak only: when the operator asked the cloud to move the VIP to the target while
   * the old master was still MASTER (RFC 3339, UTC, milliseconds). Once set, a VIP not on the
   * target without a change in flight means the move failed.
   */
  private String cloudMoveIssuedAt;

  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }
  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
  public String getFrom() { return from; }
  public void setFrom(String from) { this.from = from; }
  public SwitchoverPhase getPhase() { return phase; }
  public void setPhase(SwitchoverPhase phase) { this.phase = phase; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getRequestedAt() { return requestedAt; }
  public void setRequestedAt(String requestedAt) { this.requestedAt = requestedAt; }
  public String getCompletedAt() { return completedAt; }
  public void setCompletedAt(String completedAt) { this.completedAt = completedAt; }
  public Long getDurationMs() { return durationMs; }
  public void setDurationMs(Long durationMs) { this.durationMs = durationMs; }
  public Long getOutageEstimateMs() { return outageEstimateMs; }
  public void setOutageEstimateMs(Long outageEstimateMs) { this.outageEstimateMs = outageEstimateMs; }
  public SwitchoverMode getMode() { return mode; }
  public void setMode(SwitchoverMode mode) { this.mode = mode; }
  public String getCloudMoveIssuedAt() { return cloudMoveIssuedAt; }
  public void setCloudMoveIssuedAt(String cloudMoveIssuedAt) { this.cloudMoveIssuedAt = cloudMoveIssuedAt; }

  /** Whether this switchover is carried out make-before-break. */
  public boolean makeBeforeBreak() {
    return mode == SwitchoverMode.MakeBeforeBreak;
  }

  /** A copy that shares nothing mutable with this one. */
  public SwitchoverStatus copy() {
    SwitchoverStatus c = new SwitchoverStatus();
    c.nonce = nonce;
    c.to = to;
    c.from = from;
    c.phase = phase;
    c.reason = reason;
    c.message = message;
    c.requestedAt = requestedAt;
    c.completedAt = completedAt;
    c.durationMs = durationMs;
    c.outageEstimateMs = outageEstimateMs;
    c.mode = mode;
    c.cloudMoveIssuedAt = cloudMoveIssuedAt;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SwitchoverStatus)) {
      return false;
    }
    SwitchoverStatus o = (SwitchoverStatus) other;
    return Objects.equals(nonce, o.nonce) && Objects.equals(to, o.to)
        && Objects.equals(from, o.from) && phase == o.phase && Objects.equals(reason, o.reason)
        && Objects.equals(message, o.message) && Objects.equals(requestedAt, o.requestedAt)
        && Objects.equals(completedAt, o.completedAt) && Objects.equals(durationMs, o.durationMs)
        && Objects.equals(outageEstimateMs, o.outageEstimateMs) && mode == o.mode
        && Objects.equals(cloudMoveIssuedAt, o.cloudMoveIssuedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nonce, to, from, phase, reason, message, requestedAt, completedAt, durationMs, outageEstimateMs, mode,
        cloudMoveIssuedAt);
  }
}
