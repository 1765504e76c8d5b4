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
    public static final String CREATE_HA_VIP = "CreateHaVip";
    public static final String DESCRIBE_HA_VIPS = "DescribeHaVips";
    public static final String DELETE_HA_VIP = "DeleteHaVip";
    public static final String ASSOCIATE_HA_VIP_INSTANCE = "AssociateHaVipInstance";
    public static final String DISASSOCIATE_HA_VIP_INSTANCE = "DisassociateHaVipInstance";
    public static final String HA_VIP_ASSOCIATE_ADDRESS_IP = "HaVipAssociateAddressIp";
    public static final String HA_VIP_DISASSOCIATE_ADDRESS_IP = "HaVipDisassociateAddressIp";
    public static final String DESCRIBE_ADDRESSES = "DescribeAddresses";
    /** In fault settings, applies to every action. */
    public static final String ANY = "*";

    /** CN docs give 50/s for migration (the international docs 100/s); the lower one is the safe default. */
    /**
     * The HAVIP family: Tencent documents 20/s for CreateHaVip, DescribeHaVips and
     * HaVipAssociateAddressIp; the others are not documented and get the same 20/s.
     */
    public static final Map<String, Double> DEFAULT_RATE_LIMITS = Map.ofEntries(
            Map.entry(MIGRATE_PRIVATE_IP_ADDRESS, 50.0),
            Map.entry(DESCRIBE_NETWORK_INTERFACES, 100.0),
            Map.entry(ASSIGN_PRIVATE_IP_ADDRESSES, 100.0),
            Map.entry(UNASSIGN_PRIVATE_IP_ADDRESSES, 100.0),
            Map.entry(DESCRIBE_VPC_TASK_RESULT, 20.0),
            Map.entry(CREATE_HA_VIP, 20.0),
            Map.entry(DESCRIBE_HA_VIPS, 20.0),
            Map.entry(DELETE_HA_VIP, 20.0),
            Map.entry(ASSOCIATE_HA_VIP_INSTANCE, 20.0),
            Map.entry(DISASSOCIATE_HA_VIP_INSTANCE, 20.0),
            Map.entry(HA_VIP_ASSOCIATE_ADDRESS_IP, 20.0),
            Map.entry(HA_VIP_DISASSOCIATE_ADDRESS_IP, 20.0),
            Map.entry(DESCRIBE_ADDRESSES, 20.0));

    public static final List<String> ALL = List.of(DESCRIBE_NETWORK_INTERFACES, MIGRATE_PRIVATE_IP_ADDRESS,
            DESCRIBE_VPC_TASK_RESULT, ASSIGN_PRIVATE_IP_ADDRESSES, UNASSIGN_PRIVATE_IP_ADDRESSES,
            CREATE_HA_VIP, DESCRIBE_HA_VIPS, DELETE_HA_VIP, ASSOCIATE_HA_VIP_INSTANCE, DISASSOCIATE_HA_VIP_INSTANCE,
            HA_VIP_ASSOCIATE_ADDRESS_IP, HA_VIP_DISASSOCIATE_ADDRESS_IP, DESCRIBE_ADDRESSES);

    private Actions() {}

    static String requireKnown(String field, String action, boolean wildcardAllowed) {
        if (ALL.contains(action) || (wildcardAllowed && ANY.equals(action))) {
            return action;
        }
        throw new IllegalArgumentException(field + ": `" + action + "` is not an emulated action; use one of " + ALL
                + (wildcardAllowed ? " or \"*\" for all" : ""));
    }
}
