package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed access to an action's JSON parameters; wrong types become InvalidParameter naming the field. */
final class Params {
    private final JsonNode body;

    Params(JsonNode body) {
        this.body = body;
    }

    boolean has(String name) {
        JsonNode n = body.get(name);
        return n != null && !n.isNull();
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    String requiredString(String name) {
        String s = optionalString(name);
        if (s == null || s.isEmpty()) {
            throw CloudError.missing(name);
        }
        return s;
    }

    String optionalString(String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new CloudError("InvalidParameter", "The parameter `" + name + "` must be a string.");
        }
        return n.asText();
    }

    int integer(String name, int defaultValue) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new CloudError("InvalidParameter", "The parameter `" + name + "` must be an integer.");
        }
        return n.intValue();
    }

    /** @return null when absent */
    List<String> stringList(String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new CloudError("InvalidParameter", "The parameter `" + name + "` must be an array of strings.");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw new CloudError("InvalidParameter", "Every element of `" + name + "` must be a string.");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** @return null when absent */
    List<JsonNode> objectList(String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new CloudError("InvalidParameter", "The parameter `" + name + "` must be an array of objects.");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }
}
