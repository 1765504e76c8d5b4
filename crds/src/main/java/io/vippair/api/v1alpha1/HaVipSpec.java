package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/** The HAVIP of a pair in mode HaVip. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HaVipSpec extends UnknownFields {

  /**
   * The HAVIP's id (havip-xxxxxxxx). Without it the operator finds the HAVIP by spec.vip.address
   * in spec.cloud.vpcId.
   */
  @Pattern(Patterns.HAVIP_ID)
  private String id;

  /**
   * A public IP (EIP address) the operator keeps associated with the HAVIP. Absent: the operator
   * takes off an EIP it kept while declared and leaves any other as it finds it.
   */
  @Pattern(Patterns.IPV4)
  private String eip;

  public HaVipSpec() {}

  public HaVipSpec(String id, String eip) {
    this.id = id;
    this.eip = eip;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getEip() { return eip; }
  public void setEip(String eip) { this.eip = eip; }
}
