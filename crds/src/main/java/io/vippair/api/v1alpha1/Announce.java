package io.vippair.api.v1alpha1;

import java.util.Objects;

/**
 * "member, announce the VIP again" (mode HaVip): the HAVIP has not followed that member since it
 * reported MASTER. Its agent makes keepalived send gratuitous ARP again and answers by writing the
 * nonce into its report's announced.
 */
public class Announce extends UnknownFields {

  /** The member asked: the VRRP master the HAVIP should be bound to. */
  private String member;

  /** A value the agent copies into its report's announced once it has announced again. */
  private String nonce;

  /** When the operator asked (RFC 3339, UTC, milliseconds). */
  private String requestedAt;

  public Announce() {}

  public Announce(String member, String nonce, String requestedAt) {
    this.member = member;
    this.nonce = nonce;
    this.requestedAt = requestedAt;
  }

  public String getMember() { return member; }
  public void setMember(String member) { this.member = member; }
  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }
  public String getRequestedAt() { return requestedAt; }
  public void setRequestedAt(String requestedAt) { this.requestedAt = requestedAt; }

  /** A copy that shares nothing mutable with this one. */
  public Announce copy() {
    return new Announce(member, nonce, requestedAt);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Announce)) {
      return false;
    }
    Announce o = (Announce) other;
    return Objects.equals(member, o.member) && Objects.equals(nonce, o.nonce) && Objects.equals(requestedAt, o.requestedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, nonce, requestedAt);
  }
}
