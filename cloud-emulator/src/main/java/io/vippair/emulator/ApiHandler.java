package io.vippair.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tencent-compatible endpoint: POST / with a TC3-signed JSON body, X-TC-* headers. Every answer
 * is HTTP 200 with a {"Response": {...}} envelope, as the real API gives (the SDK treats anything else
 * as a server-side failure).
 */
final class ApiHandler implements HttpHandler {
    static final String VERSION = "2017-03-12";
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final byte[] MALFORMED_BODY = "{\"error\":\"injected malformed body: no Response envelope\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Tc3Verifier verifier;
    private final VpcApi api;
    private final Faults faults;
    private final RequestCounter counter;
    private final HungRequests hung;
    private final ScheduledExecutorService scheduler;

    /** @param verifier null when signature checks are off */
    ApiHandler(Tc3Verifier verifier, VpcApi api, Faults faults, RequestCounter counter, HungRequests hung,
               ScheduledExecutorService scheduler) {
        this.verifier = verifier;
        this.api = api;
        this.faults = faults;
        this.counter = counter;
        this.hung = hung;
        this.scheduler = scheduler;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        String action = exchange.getRequestHeaders().getFirst("X-TC-Action");
        counter.count(action);
        Duration latency = Duration.ZERO;
        byte[] answer;
        try {
            byte[] body = readBody(exchange);
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw new CloudError("UnsupportedProtocol", "Only POST with a JSON body and TC3-HMAC-SHA256 is emulated, got "
                        + exchange.getRequestMethod() + ".");
            }
            if (verifier != null) {
                verifier.verify("POST", null, exchange.getRequestHeaders()::getFirst, body);
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                throw new CloudError("UnsupportedProtocol", "Content-Type must be application/json, got `" + contentType + "`.");
            }
            String version = exchange.getRequestHeaders().getFirst("X-TC-Version");
            if (version == null || version.isEmpty()) {
                throw CloudError.missing("X-TC-Version");
            }
            if (!VERSION.equals(version)) {
                throw new CloudError("NoSuchVersion", "The VPC API version is " + VERSION + ", not `" + version + "`.");
            }
            if (action == null || action.isEmpty()) {
                throw CloudError.missing("X-TC-Action");
            }
            if (!Actions.ALL.contains(action)) {
                throw new CloudError("InvalidAction", "The action `" + action + "` does not exist or is not emulated; the emulator serves "
                        + Actions.ALL + ".");
            }
            String region = exchange.getRequestHeaders().getFirst("X-TC-Region");
            if (region == null || region.isEmpty()) {
                throw CloudError.missing("X-TC-Region");
            }
            Faults.Decision decision = faults.decide(action);
            latency = decision.latency();
            if (decision.hang()) {
                hung.park(exchange);
                return;
            }
            if (decision.error() != null) {
                throw decision.error();
            }
            if (decision.malformed()) {
                answer = MALFORMED_BODY;
            } else {
                answer = envelope(api.call(action, region, requestId, parse(body)), requestId);
            }
        } catch (CloudError e) {
            answer = error(e.code(), e.getMessage(), requestId);
        } catch (IOException e) {
            log.debug("cannot read request {}: {}", requestId, e.toString());
            exchange.close();
            return;
        } catch (RuntimeException e) {
            log.error("request {} ({}) failed inside the emulator", requestId, action, e);
            answer = error("InternalError", "The emulator failed: " + e.getClass().getSimpleName(), requestId);
        }
        byte[] bytes = answer;
        if (latency.isZero()) {
            send(exchange, bytes);
        } else {
            scheduler.schedule(() -> send(exchange, bytes), latency.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new CloudError("RequestSizeLimitExceeded", "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
            }
            return body;
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CloudError("InvalidParameter", "The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new CloudError("InvalidParameter", "The request body is not valid JSON.");
        }
    }

    static byte[] envelope(ObjectNode result, String requestId) {
        result.put("RequestId", requestId);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("Response", result);
        return bytes(root);
    }

    static byte[] error(String code, String message, String requestId) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode err = result.putObject("Error");
        err.put("Code", code);
        err.put("Message", message);
        return envelope(result, requestId);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, byte[] bytes) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            log.debug("client went away before the answer: {}", e.toString());
        } finally {
            exchange.close();
        }
    }
}
