package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API (its own port, plain JSON, no signatures): seeding, inspection, fault knobs and an
 * ownership event feed. Bad input is answered 400 with a message and changes nothing.
 * Endpoints are listed in docs/cloud-emulator.md.
 */
final class AdminHandler implements HttpHandler {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final long MAX_WAIT_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FAULT_KEYS = Set.of("rateLimits", "throttleCode", "migrationDelay", "errors",
            "latencyMs", "hang", "malformed", "taskFailure");

    private final CloudEmulator emulator;
    private final OwnershipEvents events;

    AdminHandler(CloudEmulator emulator, OwnershipEvents events) {
        this.emulator = emulator;
        this.events = events;
    }

    /** A 4xx answer. */
    private static final class AdminError extends RuntimeException {
        final int status;

        AdminError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        int status = 200;
        Object answer;
        try {
            answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), exchange);
        } catch (AdminError e) {
            status = e.status;
            answer = Map.of("error", e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            answer = Map.of("error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            answer = Map.of("error", "the emulator is stopping");
        } catch (IOException | RuntimeException e) {
            log.warn("admin request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
            status = 500;
            answer = Map.of("error", e.toString());
        }
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            log.debug("admin client went away: {}", e.toString());
        } finally {
            exchange.close();
        }
    }

    private Object route(String method, String path, Map<String, String> query, HttpExchange exchange)
            throws IOException, InterruptedException {
        switch (method + " " + path) {
            case "GET /healthz":
                return Map.of("ok", true);
            case "GET /state":
                return emulator.state(false);
            case "POST /seed": {
                byte[] body = body(exchange);
                String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
                ObjectMapper mapper = type.contains("yaml") ? StateFiles.YAML : StateFiles.JSON;
                StateDocument doc;
                try {
                    doc = mapper.readValue(body, StateDocument.class);
                } catch (IOException e) {
                    throw new IllegalArgumentException("body is not a state document: " + firstLine(e));
                }
                emulator.seed(doc);
                return emulator.state(false);
            }
            case "POST /accounts": {
                JsonNode n = json(body(exchange));
                String id = n.path("secretId").asText("");
                String key = n.path("secretKey").asText("");
                if (id.isEmpty() || key.isEmpty()) {
                    throw new IllegalArgumentException("accounts: give {\"secretId\": ..., \"secretKey\": ..., \"token\": optional}");
                }
                emulator.addAccount(id, key, n.hasNonNull("token") ? n.get("token").asText() : null);
                return Map.of("secretId", id);
            }
            case "GET /faults":
                return emulator.faults().describe();
            case "POST /faults": {
                JsonNode n = json(body(exchange));
                // validate everything on a throw-away copy first, so a bad field changes nothing
                applyFaults(new Faults(Duration.ZERO, Duration.ZERO, 0, System::nanoTime), n);
                applyFaults(emulator.faults(), n);
                return emulator.faults().describe();
            }
            case "DELETE /faults":
                emulator.faults().clear();
                return emulator.faults().describe();
            case "GET /requests": {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("total", emulator.requests());
                out.put("byAction", emulator.requestsByAction());
                return out;
            }
            case "GET /owner": {
                String vpc = required(query, "vpcId");
                String ip = required(query, "ip");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("vpcId", vpc);
                out.put("ip", ip);
                out.put("networkInterfaceId", emulator.ownerOf(vpc, ip).orElse(null));
                out.put("state", emulator.ipState(vpc, ip).orElse(null));
                return out;
            }
            case "GET /events": {
                long after = longParam(query, "after", 0);
                long wait = Math.min(longParam(query, "waitMs", 0), MAX_WAIT_MILLIS);
                return Map.of("events", events.after(after, wait));
            }
            case "POST /havip/claim": {
                JsonNode n = json(body(exchange));
                String target = n.hasNonNull("haVipId") ? n.get("haVipId").asText() : n.path("vip").asText("");
                String eni = n.path("networkInterfaceId").asText("");
                if (target.isEmpty() || eni.isEmpty()) {
                    throw new IllegalArgumentException("havip/claim: give {\"haVipId\" or \"vip\", \"networkInterfaceId\"}");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("outcome", emulator.claimHaVip(target, eni));
                return out;
            }
            case "GET /havip/claims":
                return Map.of("claims", emulator.haVipClaims(longParam(query, "after", 0)));
            default:
                throw new AdminError(404, "no admin endpoint " + method + " " + path
                        + "; see docs/cloud-emulator.md (GET /state, POST /seed, GET|POST|DELETE /faults, GET /requests, "
                        + "GET /owner, GET /events, POST /accounts, POST /havip/claim, GET /havip/claims, GET /healthz)");
        }
    }

    /**
     * Applies a POST /faults document; see docs/cloud-emulator.md for its fields.
     */
    static void applyFaults(Faults f, JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("faults: the body must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FAULT_KEYS.contains(key)) {
                throw new IllegalArgumentException("faults: unknown field `" + key + "`; known fields are " + FAULT_KEYS);
            }
        }
        n.path("rateLimits").fields().forEachRemaining(e -> f.rateLimit(e.getKey(), number("rateLimits." + e.getKey(), e.getValue())));
        if (n.has("throttleCode")) {
            f.throttleCode(n.get("throttleCode").asText());
        }
        if (n.has("migrationDelay")) {
            JsonNode d = n.get("migrationDelay");
            long min = (long) number("migrationDelay.minMs", d.path("minMs"));
            long max = d.has("maxMs") ? (long) number("migrationDelay.maxMs", d.get("maxMs")) : min;
            f.migrationDelay(Duration.ofMillis(min), Duration.ofMillis(max));
        }
        for (JsonNode e : n.path("errors")) {
            f.error(e.path("action").asText(), e.path("code").asText(), number("errors[].probability", e.path("probability")));
        }
        n.path("latencyMs").fields().forEachRemaining(e ->
                f.latency(e.getKey(), Duration.ofMillis((long) number("latencyMs." + e.getKey(), e.getValue()))));
        n.path("hang").fields().forEachRemaining(e -> {
            if (!e.getValue().isBoolean()) {
                throw new IllegalArgumentException("hang." + e.getKey() + ": must be true or false");
            }
            f.hang(e.getKey(), e.getValue().booleanValue());
        });
        n.path("malformed").fields().forEachRemaining(e -> f.malformed(e.getKey(), number("malformed." + e.getKey(), e.getValue())));
        n.path("taskFailure").fields().forEachRemaining(e -> f.taskFailure(e.getKey(), number("taskFailure." + e.getKey(), e.getValue())));
    }

    private static double number(String field, JsonNode v) {
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + ": must be a number");
        }
        return v.doubleValue();
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
            if (b.length > MAX_BODY_BYTES) {
                throw new AdminError(413, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return b;
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e));
        }
    }

    /** Jackson messages carry a source excerpt after the first line; keep only the reason. */
    static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String required(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("query parameter `" + name + "` is required");
        }
        return v;
    }

    private static long longParam(Map<String, String> query, String name, long def) {
        String v = query.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter `" + name + "` must be an integer, got `" + v + "`");
        }
    }
}
