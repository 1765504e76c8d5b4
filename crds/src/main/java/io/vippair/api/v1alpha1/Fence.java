package io.vippair.api.v1alpha1;

import java.util.Objects;

/** "member, step down": its agent holds the pair's keepalived instance in FAULT while this is set. */
public class Fence extends UnknownFields {

  /** The member that must step down. */
  private String member;

  /** Why, in one sentence. */
  private String reason;

  /** When the fence was set (RFC 3339, UTC, milliseconds). */
  private String since;

  public Fence() {}

  public Fence(String member, String reason, String since) {
    this.member = member;
    this.reason = reason;
    this.since = since;
  }

  public String getMember() { return member; }
  public void setMember(String member) { this.member = member; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getSince() { return since; }
  public void setSince(String since) { this.since = since; }

  /** A copy that shares nothing mutable with this one. */
  public Fence copy() {
    Fence c = new Fence();
    c.member = member;
    c.reason = reason;
    c.since = since;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Fence)) {
      return false;
    }
    Fence o = (Fence) other;
    return Objects.equals(member, o.member) && Objects.equals(reason, o.reason) && Objects.equals(since, o.since);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, reason, since);
  }
}
