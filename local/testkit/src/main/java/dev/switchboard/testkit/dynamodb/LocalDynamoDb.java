package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * An in-memory DynamoDB for tests and the local stack, spoken to with the real AWS SDK v2 {@code DynamoDbClient}
 * over DynamoDB's JSON 1.0 protocol on 127.0.0.1 ({@code x-amz-crc32} included). Errors carry DynamoDB's
 * {@code __type}, so the SDK throws the same exception classes as against AWS. Signatures are not checked.
 * {@link Operations} lists what it implements and {@link Expressions} the expressions it parses, checked against
 * dynalite by the conformance tests; anything else is a ValidationException or UnknownOperationException.
 *
 * <p>As in DynamoDB, a new table is CREATING for a moment ({@value #CREATING_MILLIS} ms unless
 * {@link #createTableDelay} says otherwise) and refuses item operations until it is ACTIVE. TTL is recorded, but
 * expired items are never deleted: readers ignore them themselves. Nothing is persisted.
 */
public final class LocalDynamoDb implements AutoCloseable {
    /** How long a new table stays CREATING unless {@link #createTableDelay} says otherwise. */
    public static final long CREATING_MILLIS = 100;
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as the server saw it, for benchmarks: its operation and JSON body (an empty object when it could
     * not be read), when it arrived and when its answer was ready (both {@link System#nanoTime()}, the injected
     * latency in between), the HTTP status, the DynamoDB error type ({@code ""} on success) and the capacity units
     * it consumed (DynamoDB's {@code CapacityUnits}: read units for GetItem and Query, write units for PutItem and
     * UpdateItem; zero for a failed request), whether or not the request asked for them.
     */
    public record RequestRecord(String operation, JsonNode request, long receivedNanos, long answeredNanos, int status,
                                String errorType, double capacityUnits) {}

    private record Failure(int status, String type) {}

    private final Operations operations = new Operations(Duration.ofMillis(CREATING_MILLIS));
    private final Map<String, Function<JsonNode, Operations.Result>> handlers = Map.of(
            "CreateTable", operations::createTable, "DescribeTable", operations::describeTable,
            "ListTables", operations::listTables, "UpdateTimeToLive", operations::updateTimeToLive,
            "DescribeTimeToLive", operations::describeTimeToLive, "PutItem", operations::putItem,
            "GetItem", operations::getItem, "UpdateItem", operations::updateItem, "Query", operations::query);
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final LocalHttpServer server;
    private volatile Duration latency = Duration.ZERO;
    private volatile Consumer<RequestRecord> listener;

    private LocalDynamoDb() {
        this.server = LocalHttpServer.start(0, this::handle);
    }

    /** Starts on 127.0.0.1 on a free port. */
    public static LocalDynamoDb start() {
        return new LocalDynamoDb();
    }

    /** {@code http://127.0.0.1:PORT}, for {@code DynamoDbClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Tables created from now on stay CREATING this long ({@value #CREATING_MILLIS} ms by default). */
    public void createTableDelay(Duration creating) {
        operations.creating(creating);
    }

    /** Sleeps this long before answering each request (imitates a network hop; zero by default). */
    public void latency(Duration perRequest) {
        latency = perRequest;
    }

    /** Operation name (e.g. {@code PutItem}) to the number of requests received since start or reset. */
    public Map<String, Long> requestCounts() {
        return counts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(), Long::sum, TreeMap::new));
    }

    public void resetCounts() {
        counts.clear();
    }

    /**
     * Answers every request for {@code operationOrStar} ({@code "*"} for all) with this HTTP status and error type,
     * e.g. {@code ("*", 500, "InternalServerError")} for an outage or {@code ("PutItem", 400,
     * "ProvisionedThroughputExceededException")} for throttling. The SDK retries 5xx and throttling errors.
     */
    public void failRequests(String operationOrStar, int httpStatus, String errorType) {
        failures.put(operationOrStar, new Failure(httpStatus, errorType));
    }

    public void clearFailures() {
        failures.clear();
    }

    /** Tells {@code listener} about every request once its answer is ready (on the request's thread: keep it quick). */
    public void onRequest(Consumer<RequestRecord> listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        server.close();
    }

    private Response handle(Request request) throws IOException {
        long received = System.nanoTime();
        String target = request.header("X-Amz-Target");
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        JsonNode body = JSON.createObjectNode();
        ObjectNode answer;
        int status = 200;
        String errorType = "";
        double units = 0;
        try {
            body = parse(request);
            Operations.Result result = dispatch(request.method(), operation, body);
            answer = result.body();
            units = result.capacityUnits();
        } catch (DynamoException e) {
            status = e.status();
            errorType = e.type().substring(e.type().indexOf('#') + 1);
            answer = e.body();
        } catch (RuntimeException e) {
            status = 500;
            errorType = "InternalServerError";
            answer = new DynamoException(500, DynamoException.DYNAMO_PREFIX + errorType, "Internal server error: " + e)
                    .body();
        }
        Consumer<RequestRecord> told = listener;
        if (told != null) {
            told.accept(new RequestRecord(operation, body, received, System.nanoTime(), status, errorType, units));
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Response.of(status, "application/x-amz-json-1.0", bytes)
                .header("x-amzn-RequestId", UUID.randomUUID().toString())
                .header("x-amz-crc32", Long.toString(crc.getValue()));
    }

    private static JsonNode parse(Request request) {
        try {
            JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new DynamoException(400, DynamoException.CORAL_PREFIX + "SerializationException",
                "Start of structure or map found where not expected.");
    }

    private Operations.Result dispatch(String method, String operation, JsonNode body) {
        Failure failure = failures.getOrDefault(operation, failures.get("*"));
        if (failure != null) {
            String type = failure.type().contains("#") ? failure.type() : DynamoException.DYNAMO_PREFIX + failure.type();
            throw new DynamoException(failure.status(), type, "Injected failure: " + failure.type());
        }
        Function<JsonNode, Operations.Result> handler = handlers.get(operation);
        if (!"POST".equals(method) || handler == null) {
            throw DynamoException.unknownOperation("Operation not supported by LocalDynamoDb: " + operation);
        }
        return handler.apply(body);
    }
}
