package io.vippair.operator.cloud.tencent.havip;

import java.util.Objects;

/** An instance in an HAVIP's drift scope: an ENI ({@code eni-...}) or a CVM ({@code ins-...}). */
public record HaVipMember(String instanceId, Type type) {

  public enum Type { ENI, CVM }

  public HaVipMember {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(type, "type");
  }

  public static HaVipMember eni(String eniId) {
    return new HaVipMember(eniId, Type.ENI);
  }

  public static HaVipMember cvm(String instanceId) {
    return new HaVipMember(instanceId, Type.CVM);
  }
}
