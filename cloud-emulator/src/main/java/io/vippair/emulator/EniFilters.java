package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.PrivateIp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * DescribeNetworkInterfaces' Filters: filters are ANDed, the values of one filter ORed.
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
        for (JsonNode f : filters) {
            if (!f.isObject() || !f.path("Name").isTextual()) {
                throw new CloudError("InvalidParameter.FilterNotDict",
                        "Each element of `Filters` must be an object {\"Name\": string, \"Values\": [string]}.");
            }
            String name = f.get("Name").asText();
            JsonNode valuesNode = f.get("Values");
            if (valuesNode == null || !valuesNode.isArray()) {
                throw new CloudError("InvalidParameter.FilterValuesNotList", "The `Values` of filter `" + name + "` must be a list.");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode v : valuesNode) {
                if (!v.isTextual()) {
                    throw new CloudError("InvalidParameter.FilterValuesNotList",
                            "The `Values` of filter `" + name + "` must be strings (booleans as \"TRUE\"/\"FALSE\").");
                }
                values.add(v.asText());
            }
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
                default -> throw new CloudError("InvalidParameter.FilterInvalidKey", "The filter name `" + name
                        + "` is not valid here; the emulator supports " + SUPPORTED + ".");
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
