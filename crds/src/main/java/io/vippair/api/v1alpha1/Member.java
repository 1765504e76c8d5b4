package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One VM of the pair. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Member extends UnknownFields {

  /**
   * The member's name: the name its node agent runs with (a DNS label, at most 63 characters).
   * It keys status.agents and the member label on the VipPair.
   */
  @Required
  @Pattern(Patterns.DNS_LABEL)
  private String name;

  /** The CVM instance id, for example ins-1a2b3c4d. */
  @Pattern(Patterns.INSTANCE_ID)
  private String instanceId;

  /** The ENI that receives the VIP when this member is master, for example eni-pvsvph0u. */
  @Required
  @Pattern(Patterns.ENI_ID)
  private String networkInterfaceId;

  /** The member's own private IPv4 address on that ENI; VRRP adverts are sent from it. */
  @Required
  @Pattern(Patterns.IPV4)
  private String privateIp;

  /** The network interface inside the VM that carries privateIp and the VIP, for example eth0. */
  @Required
  @Pattern(Patterns.INTERFACE_NAME)
  @JsonProperty("interface")
  private String interfaceName;

  public Member() {}

  public Member(String name, String instanceId, String networkInterfaceId, String privateIp, String interfaceName) {
    this.name = name;
    this.instanceId = instanceId;
    this.networkInterfaceId = networkInterfaceId;
    this.privateIp = privateIp;
    this.interfaceName = interfaceName;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getInstanceId() { return instanceId; }
  public void setInstanceId(String instanceId) { this.instanceId = instanceId; }
  public String getNetworkInterfaceId() { return networkInterfaceId; }
  public void setNetworkInterfaceId(String networkInterfaceId) { this.networkInterfaceId = networkInterfaceId; }
  public String getPrivateIp() { return privateIp; }
  public void setPrivateIp(String privateIp) { this.privateIp = privateIp; }
  public String getInterfaceName() { return interfaceName; }
  public void setInterfaceName(String interfaceName) { this.interfaceName = interfaceName; }
}
