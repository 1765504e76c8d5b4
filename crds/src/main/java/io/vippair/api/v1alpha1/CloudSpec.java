package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The pair's place in Tencent Cloud. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.mode == 'HaVip' || !has(self.haVip)",
    message = "spec.cloud.haVip applies only to mode HaVip: remove it, or set spec.cloud.mode: HaVip")
@ValidationRule(value = "self.mode == oldSelf.mode",
    message = "spec.cloud.mode is immutable: an ENI secondary IP and an HAVIP are different addresses; create a new VipPair for the other mode")
public class CloudSpec extends UnknownFields {

  /** Tencent Cloud region of both VMs, for example ap-guangzhou. */
  @Required
  @Pattern("^[a-z]{2,4}-[a-z0-9-]{2,40}$")
  @Size(max = 45) // bounds the API server's cost estimate of the rules below
  @ValidationRule(value = "!self.matches('-[0-9]+$')",
      message = "spec.cloud.region must be a region such as ap-guangzhou, not an availability zone such as ap-guangzhou-3: drop the zone's number")
  @ValidationRule(value = "!self.matches('^(vpc|subnet|eni|ins|havip|eip|vip)-')",
      message = "spec.cloud.region must be a region such as ap-guangzhou; this is a resource id: the VPC id belongs in spec.cloud.vpcId, ENIs and instances in spec.members")
  private String region;

  /** The VPC both ENIs belong to, for example vpc-1yxuk010. */
  @Required
  @Pattern(Patterns.VPC_ID)
  private String vpcId;

  /**
   * The Secret (in this VipPair's namespace) with keys secretId, secretKey and optionally token,
   * for this pair's cloud calls. Without it the operator uses its own default credentials.
   */
  private SecretRef credentialsSecretRef;

  /**
   * How the VIP reaches the master: Eni (default) moves a secondary private IP between the
   * members' ENIs with the cloud API; HaVip uses a Tencent HAVIP that the master claims by
   * gratuitous ARP (see docs/cloud.md for how to choose). Immutable.
   */
  @Default("Eni")
  private CloudMode mode;

  /** The HAVIP, in mode HaVip only: its id (else found by spec.vip.address) and an optional EIP. */
  private HaVipSpec haVip;

  public CloudMode getMode() { return mode; }
  public void setMode(CloudMode mode) { this.mode = mode; }
  public HaVipSpec getHaVip() { return haVip; }
  public void setHaVip(HaVipSpec haVip) { this.haVip = haVip; }

  /** Whether this pair's VIP is an HAVIP (mode HaVip). */
  public boolean haVipMode() {
    return mode == CloudMode.HaVip;
  }

  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getVpcId() { return vpcId; }
  public void setVpcId(String vpcId) { this.vpcId = vpcId; }
  public SecretRef getCredentialsSecretRef() { return credentialsSecretRef; }
  public void setCredentialsSecretRef(SecretRef credentialsSecretRef) { this.credentialsSecretRef = credentialsSecretRef; }
}
