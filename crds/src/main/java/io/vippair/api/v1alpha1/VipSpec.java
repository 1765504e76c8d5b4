package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The virtual IP of the pair. */
public class VipSpec extends UnknownFields {

  /**
   * The IPv4 address clients use. It must be a secondary private IP in the members' subnet; it
   * cannot be changed once set (create a new VipPair for another VIP).
   */
  @Required
  @Pattern(Patterns.IPV4)
  @Size(max = 15) // bounds the API server's cost estimate of the rules below
  @ValidationRule(value = "self == oldSelf", message = "spec.vip.address is immutable: create a new VipPair for another VIP")
  // Addresses no ENI can hold as a secondary IP: the cloud would refuse them on every attempt.
  @ValidationRule(value = "!self.startsWith('0.')",
      message = "spec.vip.address is in 0.0.0.0/8 (the unspecified address), which can never be an ENI's secondary IP; use a free private IP of the members' subnet")
  @ValidationRule(value = "self != '255.255.255.255'",
      message = "spec.vip.address 255.255.255.255 is the broadcast address, which can never be an ENI's secondary IP; use a free private IP of the members' subnet")
  @ValidationRule(value = "!self.startsWith('127.')",
      message = "spec.vip.address is in 127.0.0.0/8 (loopback), which can never be an ENI's secondary IP; use a free private IP of the members' subnet")
  @ValidationRule(value = "!self.matches('^2(2[4-9]|3[0-9])[.]')",
      message = "spec.vip.address is in 224.0.0.0/4 (multicast), which can never be an ENI's secondary IP; use a free private IP of the members' subnet")
  @ValidationRule(value = "!self.startsWith('169.254.')",
      message = "spec.vip.address is in 169.254.0.0/16 (link-local), which can never be an ENI's secondary IP; use a free private IP of the members' subnet")
  private String address;

  public VipSpec() {}

  public VipSpec(String address) {
    this.address = address;
  }

  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
}
