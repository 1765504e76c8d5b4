package io.vippair.operator.cloud.tencent;

import java.util.List;
import java.util.Locale;

/**
 * The VPC API actions the Tencent modes use, by their API names: five for ENI secondary IPs and
 * five for HAVIPs (sent as JSON: the pinned vpc model lacks them or their fields).
 */
public final class CloudActions {
  public static final String DESCRIBE = "DescribeNetworkInterfaces";
  public static final String MIGRATE = "MigratePrivateIpAddress";
  public static final String ASSIGN = "AssignPrivateIpAddresses";
  public static final String UNASSIGN = "UnassignPrivateIpAddresses";
  public static final String TASK_RESULT = "DescribeVpcTaskResult";
  public static final String DESCRIBE_HA_VIPS = "DescribeHaVips";
  public static final String ASSOCIATE_HA_VIP_INSTANCE = "AssociateHaVipInstance";
  public static final String DISASSOCIATE_HA_VIP_INSTANCE = "DisassociateHaVipInstance";
  public static final String HA_VIP_ASSOCIATE_EIP = "HaVipAssociateAddressIp";
  public static final String HA_VIP_DISASSOCIATE_EIP = "HaVipDisassociateAddressIp";

  public static final List<String> ALL = List.of(DESCRIBE, MIGRATE, ASSIGN, UNASSIGN, TASK_RESULT,
      DESCRIBE_HA_VIPS, ASSOCIATE_HA_VIP_INSTANCE, DISASSOCIATE_HA_VIP_INSTANCE, HA_VIP_ASSOCIATE_EIP,
      HA_VIP_DISASSOCIATE_EIP);

  private CloudActions() {}

  /**
   * The action for a user-written name: the API name in any case, or its kebab form
   * ("migrate-private-ip-address", as in {@code --rate-limit-migrate-private-ip-address}).
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static String named(String name) {
    String wanted = name == null ? "" : name.replace("-", "").toLowerCase(Locale.ROOT);
    for (String action : ALL) {
      if (action.toLowerCase(Locale.ROOT).equals(wanted)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown cloud action '" + name + "'; use one of " + ALL);
  }
}
