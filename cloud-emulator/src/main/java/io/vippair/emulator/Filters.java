package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Tencent's Filters for the HAVIP and EIP actions: filters are ANDed, the values of one filter
 * ORed, values compared exactly. ({@link EniFilters} keeps DescribeNetworkInterfaces' special cases.)
 */
final class Filters {
    private Filters() {}

    /** One filter as sent: its name and the values wanted (any of them). */
    record Filter(String name, List<String> values) {}

    /** Checks the shape of each filter and that its name is one of {@code supported}, as Tencent does. */
    static List<Filter> read(List<JsonNode> filters, List<String> supported) {
        List<Filter> read = new ArrayList<>();
        for (JsonNode f : filters) {
            if (!f.isObject() || !f.path("Name").isTextual()) {
                throw new CloudError("InvalidParameter.FilterNotDict",
                        "Each element of `Filters` must be an object {\"Name\": string, \"Values\": [string]}.");
            }
            String name = f.get("Name").asText();
            if (!supported.contains(name)) {
                throw new CloudError("InvalidParameter.FilterInvalidKey", "The filter name `" + name
                        + "` is not valid here; use one of " + supported + ".");
            }
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
            read.add(new Filter(name, values));
        }
        return read;
    }

    /** @param field the values of a named field of an item (an item matches when one of them is wanted) */
    static <T> Predicate<T> parse(List<JsonNode> filters, List<String> supported, BiFunction<String, T, List<String>> field) {
        List<Predicate<T>> all = new ArrayList<>();
        for (Filter f : read(filters, supported)) {
            all.add(item -> field.apply(f.name(), item).stream().anyMatch(f.values()::contains));
        }
        return item -> all.stream().allMatch(p -> p.test(item));
    }
}
