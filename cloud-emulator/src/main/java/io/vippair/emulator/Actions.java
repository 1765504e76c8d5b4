package io.vippair.emulator;

import java.util.List;
import java.util.Map;

/** The API actions the emulator serves, with Tencent's documented default rate limits (requests/s). */
public final class Actions {
    public static final String DESCRIBE_NETWORK_INTERFACES = "DescribeNetworkInterfaces";
    public static final String MIGRATE_PRIVATE_IP_ADDRESS = "MigratePrivateIpAddress";
    public static final String DESCRIBE_VPC_TASK_RESULT = "DescribeVpcTaskResult";
    public static final String ASSIGN_PRIVATE_IP_ADDRESSES = "AssignPrivateIpAddresses";
    public static final String UNASSIGN_PRIVATE_IP_ADDRESSES = "UnassignPrivateIpAddresses";
    /** In fault settings, applies to every action. */
    public static final String ANY = "*";

    /** CN docs give 50/s for migration (the international docs 100/s); the lower one is the safe default. */
    public static final Map<String, Double> DEFAULT_RATE_LIMITS = Map.of(
            MIGRATE_PRIVATE_IP_ADDRESS, 50.0,
            DESCRIBE_NETWORK_INTERFACES, 100.0,
            ASSIGN_PRIVATE_IP_ADDRESSES, 100.0,
            UNASSIGN_PRIVATE_IP_ADDRESSES, 100.0,
            DESCRIBE_VPC_TASK_RESULT, 20.0);

    public static final List<String> ALL = List.of(DESCRIBE_NETWORK_INTERFACES, MIGRATE_PRIVATE_IP_ADDRESS,
            DESCRIBE_VPC_TASK_RESULT, ASSIGN_PRIVATE_IP_ADDRESSES, UNASSIGN_PRIVATE_IP_ADDRESSES);

    private Actions() {}

    static String requireKnown(String field, String action, boolean wildcardAllowed) {
        if (ALL.contains(action) || (wildcardAllowed && ANY.equals(action))) {
            return action;
        }
        throw new IllegalArgumentException(field + ": `" + action + "` is not an emulated action; use one of " + ALL
                + (wildcardAllowed ? " or \"*\" for all" : ""));
    }
}
