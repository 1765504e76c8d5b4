package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
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

  /**
   * BreakBeforeMake (default): the master steps down, then the cloud moves the VIP (an outage of
   * about the cloud's migration time). MakeBeforeBreak: the target holds the VIP before the cloud
   * moves it and the master steps down afterwards (no outage for a stateless service; mode Eni
   * only; docs/operator-decision.md says when it is not worth it).
   */
  @Default("BreakBeforeMake")
  private SwitchoverMode mode;

  public SwitchoverRequest() {}

  public SwitchoverRequest(String to, String nonce) {
    this.to = to;
    this.nonce = nonce;
  }

  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
  public String getNonce() { return nonce; }
  public void setNonce(String nonce) { this.nonce = nonce; }
  public SwitchoverMode getMode() { return mode; }
  public void setMode(SwitchoverMode mode) { this.mode = mode; }

  /** Whether this request asks for make-before-break (absent means BreakBeforeMake). */
  public boolean makeBeforeBreak() {
    return mode == SwitchoverMode.MakeBeforeBreak;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SwitchoverRequest)) {
      return false;
    }
    SwitchoverRequest o = (SwitchoverRequest) other;
    return Objects.equals(to, o.to) && Objects.equals(nonce, o.nonce) && mode == o.mode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(to, nonce, mode);
  }
}
