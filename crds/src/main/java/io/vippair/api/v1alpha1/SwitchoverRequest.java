package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A planned switchover: "move the VIP to this member". A new nonce is a new request (it changes
 * the spec, so the generation, so the operator acts at once); a nonce the operator has already
 * answered (status.switchover) is never carried out again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SwitchoverRequest extends UnknownFields {

  /** The member that should hold the VIP: the name of one of spec.members. */
  @Required
  @Pattern(Patterns.DNS_LABEL)
  private String to;

  /** Any value new for this pair (the vippair tool uses a timestamp and random letters). */
  @Required
  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._:-]*$")
  private String nonce;

  public SwitchoverRequest() {}

  public SwitchoverRequest(String to, String nonce) {
    this.to = to;
    this.nonce = nonce;
  }

  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SwitchoverRequest)) {
      return false;
    }
    SwitchoverRequest o = (SwitchoverRequest) other;
    return Objects.equals(to, o.to) && Objects.equals(nonce, o.nonce);
  }

  @Override
  public int hashCode() {
    return Objects.hash(to, nonce);
  }
}
