package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The virtual IP of the pair. */
public class VipSpec extends UnknownFields {

  /**
   * The IPv4 address clients use. It must be a secondary private IP in the members' subnet; it
   * cannot be changed once set (create a new VipPair for another VIP).
   */
  @Required
  @Pattern(Patterns.IPV4)
  @ValidationRule(value = "self == oldSelf", message = "spec.vip.address is immutable: create a new VipPair for another VIP")
  private String address;

  public VipSpec() {}

  public VipSpec(String address) {
    this.address = address;
  }

  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
}
