package io.vippair.operator.cloud.tencent;

import java.util.List;
import java.util.Locale;

/** The five VPC API actions the port uses, by their API names. */
public final class CloudActions {
  public static final String DESCRIBE = "DescribeNetworkInterfaces";
  public static final String MIGRATE = "MigratePrivateIpAddress";
  public static final String ASSIGN = "AssignPrivateIpAddresses";
  public static final String UNASSIGN = "UnassignPrivateIpAddresses";
  public static final String TASK_RESULT = "DescribeVpcTaskResult";

  public static final List<String> ALL = List.of(DESCRIBE, MIGRATE, ASSIGN, UNASSIGN, TASK_RESULT);

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
