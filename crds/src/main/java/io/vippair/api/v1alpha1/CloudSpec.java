package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The pair's place in Tencent Cloud. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getVpcId() { return vpcId; }
  public void setVpcId(String vpcId) { this.vpcId = vpcId; }
  public SecretRef getCredentialsSecretRef() { return credentialsSecretRef; }
  public void setCredentialsSecretRef(SecretRef credentialsSecretRef) { this.credentialsSecretRef = credentialsSecretRef; }
}
