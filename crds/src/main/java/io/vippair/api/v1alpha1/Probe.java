package io.vippair.api.v1alpha1;

import java.util.Objects;

/** "member, prove you are alive": answered when that member's agent writes ack = nonce. */
public class Probe extends UnknownFields {

  /** The member asked. */
  private String member;

  /** A value the agent copies into its report's ack. */
  private String nonce;

  /** When the operator stops waiting for the answer (RFC 3339, UTC, milliseconds). */
  private String deadline;

  public Probe() {}

  public Probe(String member, String nonce, String deadline) {
    this.member = member;
    this.nonce = nonce;
    this.deadline = deadline;
  }

  public String getMember() { return member; }
  public void setMember(String member) { this.member = member; }
  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }
  public String getDeadline() { return deadline; }
  public void setDeadline(String deadline) { this.deadline = deadline; }

  /** A copy that shares nothing mutable with this one. */
  public Probe copy() {
    Probe c = new Probe();
    c.member = member;
    c.nonce = nonce;
    c.deadline = deadline;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Probe)) {
      return false;
    }
    Probe o = (Probe) other;
    return Objects.equals(member, o.member) && Objects.equals(nonce, o.nonce) && Objects.equals(deadline, o.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, nonce, deadline);
  }
}
