package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.PrivateIp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * DescribeNetworkInterfaces' Filters (read by {@link Filters#read}): filters are ANDed, the values of one filter ORed.
 * {@code address-ip} with one value is a suffix match, with several an exact match, and exact
 * whenever {@code ip-exact-match} is TRUE (only its first value counts).
 */
final class EniFilters {
    static final List<String> SUPPORTED = List.of("vpc-id", "subnet-id", "network-interface-id", "address-ip",
            "ip-exact-match", "attachment.instance-id", "is-primary", "network-interface-name");

    private EniFilters() {}

    static Predicate<Eni> parse(List<JsonNode> filters) {
        List<Predicate<Eni>> all = new ArrayList<>();
        List<String> addressIps = null;
        boolean exact = false;
        for (Filters.Filter f : Filters.read(filters, SUPPORTED)) {
            String name = f.name();
            List<String> values = f.values();
            switch (name) {
                case "vpc-id" -> all.add(e -> values.contains(e.vpcId()));
                case "subnet-id" -> all.add(e -> values.contains(e.subnetId()));
                case "network-interface-id" -> all.add(e -> values.contains(e.id()));
                case "attachment.instance-id" -> all.add(e -> e.instanceId() != null && values.contains(e.instanceId()));
                case "network-interface-name" -> all.add(e -> values.contains(e.name()));
                case "is-primary" -> {
                    boolean want = bool(name, values);
                    all.add(e -> e.primary() == want);
                }
                case "ip-exact-match" -> exact = bool(name, values);
                case "address-ip" -> addressIps = values;
                default -> throw new IllegalStateException("filter " + name + " is in SUPPORTED but not handled");
            }
        }
        if (addressIps != null) {
            List<String> ips = addressIps;
            boolean exactMatch = exact || ips.size() > 1;
            all.add(e -> {
                for (PrivateIp ip : e.ips()) {
                    for (String wanted : ips) {
                        if (exactMatch ? ip.address().equals(wanted) : ip.address().endsWith(wanted)) {
                            return true;
                        }
                    }
                }
                return false;
            });
        }
        return e -> all.stream().allMatch(p -> p.test(e));
    }

    private static boolean bool(String name, List<String> values) {
        String first = values.isEmpty() ? "" : values.get(0);
        if (first.equalsIgnoreCase("TRUE")) {
            return true;
        }
        if (first.equalsIgnoreCase("FALSE")) {
            return false;
        }
        throw new CloudError("InvalidParameterValue", "The filter `" + name + "` takes \"TRUE\" or \"FALSE\", got `" + first + "`.");
    }
}
