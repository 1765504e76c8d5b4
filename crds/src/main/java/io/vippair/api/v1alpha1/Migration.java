package io.vippair.api.v1alpha1;

import java.util.Objects;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A cloud change the operator issued and has not yet confirmed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Migration extends UnknownFields {

  /** Migrate moves the VIP between the members' ENIs; Assign places it; Unassign releases it. */
  private MigrationKind kind;

  /** The member that held the VIP, for Migrate and Unassign. */
  private String source;

  /** The member that should hold the VIP, for Migrate and Assign. */
  private String target;

  /** The cloud task id (the RequestId of the cloud call), used to poll the task. */
  private String taskId;

  /** When the cloud call was issued (RFC 3339, UTC, milliseconds). */
  private String issuedAt;

  /** When the target's agent reported MASTER, the start of the failover (RFC 3339, UTC, milliseconds). */
  private String vrrpAt;

  /** Why the change was made, in one word. */
  private String reason;

  public MigrationKind getKind() { return kind; }
  public void setKind(MigrationKind kind) { this.kind = kind; }
  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getTarget() { return target; }
  public void setTarget(String target) { this.target = target; }
  public String getTaskId() { return taskId; }
  public void setTaskId(String taskId) { this.taskId = taskId; }
  public String getIssuedAt() { return issuedAt; }
  public void setIssuedAt(String issuedAt) { this.issuedAt = issuedAt; }
  public String getVrrpAt() { return vrrpAt; }
  public void setVrrpAt(String vrrpAt) { this.vrrpAt = vrrpAt; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }

  /** A copy that shares nothing mutable with this one. */
  public Migration copy() {
    Migration c = new Migration();
    c.kind = kind;
    c.source = source;
    c.target = target;
    c.taskId = taskId;
    c.issuedAt = issuedAt;
    c.vrrpAt = vrrpAt;
    c.reason = reason;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Migration)) {
      return false;
    }
    Migration o = (Migration) other;
    return Objects.equals(kind, o.kind) && Objects.equals(source, o.source) && Objects.equals(target, o.target) && Objects.equals(taskId, o.taskId) && Objects.equals(issuedAt, o.issuedAt) && Objects.equals(vrrpAt, o.vrrpAt) && Objects.equals(reason, o.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, source, target, taskId, issuedAt, vrrpAt, reason);
  }
}
