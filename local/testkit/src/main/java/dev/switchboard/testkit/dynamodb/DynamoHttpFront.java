package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/**
 * The DynamoDB JSON 1.0 protocol over HTTP: {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Op>},
 * answers {@code application/x-amz-json-1.0} with {@code x-amzn-RequestId} and {@code x-amz-crc32}. Counts
 * requests, injects latency and failures, and tells an optional listener about each request (with the capacity
 * it consumed, metered whether or not the request asked for it). Signatures are not checked.
 */
final class DynamoHttpFront implements HttpHandler {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** The operations that accept ReturnConsumedCapacity. */
    private static final Set<String> METERED = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "Scan", "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");

    private static final System.Logger LOG = System.getLogger(DynamoHttpFront.class.getName());

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final Map<String, Function<JsonNode, ObjectNode>> operations;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile Consumer<LocalDynamoDb.RequestRecord> listener;

    private record Failure(int status, String type) {
    }

    /** What {@link #dispatch} learnt about a request, for the listener. */
    private static final class Metering {
        String operation = "";
        JsonNode request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        double capacityUnits;

        /** Adds up {@code CapacityUnits}, the one figure DynamoDB gives (the operation tells reads from writes). */
        void add(JsonNode consumed) {
            if (consumed == null) {
                return;
            }
            for (JsonNode table : consumed.isArray() ? consumed : java.util.List.of(consumed)) {
                capacityUnits += table.path("CapacityUnits").asDouble(0);
            }
        }
    }

    DynamoHttpFront(Map<String, Function<JsonNode, ObjectNode>> operations) {
        this.operations = Map.copyOf(operations);
    }

    void latency(Duration perRequest) {
        latency = perRequest;
    }

    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    void resetCounts() {
        counts.clear();
    }

    void fail(String operationOrStar, int status, String errorType) {
        failures.put(operationOrStar, new Failure(status, errorType));
    }

    void clearFailures() {
        failures.clear();
    }

    void listener(Consumer<LocalDynamoDb.RequestRecord> listener) {
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long receivedAt = System.nanoTime();
            Metering metering = new Metering();
            byte[] body;
            int status = 200;
            String errorType = "";
            try {
                body = mapper.writeValueAsBytes(dispatch(exchange, metering));
            } catch (DynamoException e) {
                status = e.status();
                errorType = e.type();
                body = mapper.writeValueAsBytes(e.body());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "LocalDynamoDb failed to handle a request", e);
                DynamoException internal = DynamoException.internal("Internal server error: " + e);
                status = internal.status();
                errorType = internal.type();
                body = mapper.writeValueAsBytes(internal.body());
            }
            Consumer<LocalDynamoDb.RequestRecord> told = listener;
            if (told != null) {
                told.accept(new LocalDynamoDb.RequestRecord(metering.operation, metering.request, receivedAt,
                        System.nanoTime(), status, errorType.substring(errorType.indexOf('#') + 1),
                        metering.capacityUnits));
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange, Metering metering) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : String.valueOf(target);
        metering.operation = operation;
        counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        sleep();
        Failure failure = failures.getOrDefault(operation, failures.get("*"));
        if (failure != null) {
            String type = failure.type().contains("#") ? failure.type()
                    : DynamoException.DYNAMO_PREFIX + failure.type();
            throw new DynamoException(failure.status(), type, "Injected failure: " + failure.type());
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new DynamoException(400, DynamoException.CORAL_PREFIX + "UnknownOperationException",
                    "Only POST is supported");
        }
        Function<JsonNode, ObjectNode> handler = operations.get(operation);
        if (handler == null) {
            throw new DynamoException(400, DynamoException.CORAL_PREFIX + "UnknownOperationException",
                    "Operation not supported by LocalDynamoDb: " + operation);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        JsonNode request;
        try {
            request = raw.length == 0 ? mapper.createObjectNode() : mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw DynamoException.serialization("Start of structure or map found where not expected.");
        }
        if (request == null || !request.isObject()) {
            throw DynamoException.serialization("Start of structure or map found where not expected.");
        }
        // with a listener, capacity is metered for every request; the client gets what it asked for, no more
        boolean meter = listener != null && METERED.contains(operation);
        JsonNode asked = request.get("ReturnConsumedCapacity");
        boolean clientAsked = asked != null && asked.isTextual() && !asked.asText().equals("NONE");
        metering.request = request;
        if (meter && !clientAsked) {
            ((ObjectNode) request).put("ReturnConsumedCapacity", "TOTAL");
        }
        ObjectNode response;
        try {
            response = handler.apply(request);
        } finally {
            if (meter && !clientAsked) {
                ((ObjectNode) request).set("ReturnConsumedCapacity", asked);
                if (asked == null) {
                    ((ObjectNode) request).remove("ReturnConsumedCapacity");
                }
            }
        }
        if (meter) {
            metering.add(response.get("ConsumedCapacity"));
            if (!clientAsked) {
                response.remove("ConsumedCapacity");
            }
        }
        return response;
    }

    private void sleep() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
