package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-process, in-memory DynamoDB-compatible server for tests and the local stack, spoken to with the real AWS SDK
 * v2 {@code DynamoDbClient}. It speaks the DynamoDB JSON 1.0 protocol on 127.0.0.1 and answers errors with
 * DynamoDB's {@code __type} names, so the SDK throws the same exception classes as against AWS (ValidationException
 * has no SDK class: it arrives as {@code DynamoDbException} with {@code awsErrorDetails().errorCode()} equal to
 * {@code "ValidationException"}). Signatures are not checked: any static credentials and region work.
 *
 * <pre>{@code
 * try (LocalDynamoDb dynamo = LocalDynamoDb.start()) {
 *     DynamoDbClient client = DynamoDbClient.builder()
 *             .endpointOverride(dynamo.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
 *             .httpClient(UrlConnectionHttpClient.create())
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Supported.</b> CreateTable (hash and optional range key of type S, N or B; global and local secondary
 * indexes with KEYS_ONLY, INCLUDE or ALL projections, readable by Query and Scan), DescribeTable, ListTables,
 * DeleteTable, UpdateTimeToLive, DescribeTimeToLive, PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan (with
 * Segment/TotalSegments), BatchGetItem, BatchWriteItem, TransactWriteItems (all-or-nothing, CancellationReasons,
 * ClientRequestToken idempotency) and TransactGetItems. Condition, filter, key condition, update and projection
 * expressions are parsed in full: all comparators, BETWEEN, IN, AND/OR/NOT with DynamoDB's precedence, every
 * function, nested document paths, SET with {@code +}/{@code -}, if_not_exists and list_append, REMOVE, ADD, DELETE;
 * undefined or unused {@code #names}/{@code :values} and DynamoDB's reserved words are rejected as DynamoDB does.
 * Numbers are arbitrary-precision decimals (38 significant digits); strings and binaries sort by unsigned UTF-8
 * bytes; items are limited to 400 KB; Query and Scan pages stop at Limit or once the items read pass 1 MB (the
 * filter runs after the limit); ReturnValues, ReturnValuesOnConditionCheckFailure and ReturnConsumedCapacity (TOTAL
 * and INDEXES) follow DynamoDB's rules. Requests run concurrently on virtual threads; each table has one read/write
 * lock, so conditional writes are atomic and transactions (which lock their tables in name order) are isolated.
 *
 * <p><b>Table life cycle.</b> As in DynamoDB, CreateTable answers {@code CREATING} and the table turns
 * {@code ACTIVE} a moment later ({@value #CREATING_MILLIS} ms by default, see {@link #createTableDelay}), so clients
 * must wait for it ({@code DynamoDbClient.waiter().waitUntilTableExists}, as {@link TableFixture} does). Until then
 * item operations answer ResourceNotFoundException and UpdateTimeToLive and DeleteTable ResourceInUseException;
 * DescribeTable and DescribeTimeToLive work.
 *
 * <p><b>Not supported.</b> The legacy pre-expression parameters ({@code Expected}, {@code AttributeUpdates},
 * {@code KeyConditions}, {@code QueryFilter}, {@code ScanFilter}, {@code ConditionalOperator}) are rejected with a
 * ValidationException ({@code AttributesToGet} works on GetItem, BatchGetItem and TransactGetItems). UpdateTable,
 * streams, PartiQL, backups, tags, global tables and real throttling (simulate it with {@link #failRequests}) answer
 * UnknownOperationException. Select ALL_ATTRIBUTES on a local index whose projection is not ALL is rejected. TTL is
 * recorded but, like DynamoDB Local, expired items are never deleted: readers must ignore them themselves.
 * UnprocessedItems/UnprocessedKeys are always empty and the 16 MB
 * BatchGetItem response limit is not enforced. Nothing is persisted.
 */
public final class LocalDynamoDb implements AutoCloseable {
    /** How long a new table stays CREATING unless {@link #createTableDelay} says otherwise. */
    public static final long CREATING_MILLIS = 100;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DynamoHttpFront front;
    private final TableOperations tableOperations;

    private LocalDynamoDb(HttpServer server, ExecutorService executor, DynamoHttpFront front,
                          TableOperations tableOperations) {
        this.server = server;
        this.executor = executor;
        this.front = front;
        this.tableOperations = tableOperations;
    }

    /** Starts on 127.0.0.1 on a free port. */
    public static LocalDynamoDb start() {
        return start(0);
    }

    /** Starts on 127.0.0.1:{@code port} (0 picks a free port). */
    public static LocalDynamoDb start(int port) {
        Tables tables = new Tables();
        TableOperations tableOperations = new TableOperations(tables, Duration.ofMillis(CREATING_MILLIS));
        ItemOperations items = new ItemOperations(tables);
        QueryOperations queries = new QueryOperations(tables);
        BatchOperations batches = new BatchOperations(tables);
        TransactionOperations transactions = new TransactionOperations(tables);
        Map<String, Function<JsonNode, ObjectNode>> operations = new LinkedHashMap<>();
        operations.put("CreateTable", tableOperations::createTable);
        operations.put("DescribeTable", tableOperations::describeTable);
        operations.put("ListTables", tableOperations::listTables);
        operations.put("DeleteTable", tableOperations::deleteTable);
        operations.put("UpdateTimeToLive", tableOperations::updateTimeToLive);
        operations.put("DescribeTimeToLive", tableOperations::describeTimeToLive);
        operations.put("PutItem", items::putItem);
        operations.put("GetItem", items::getItem);
        operations.put("UpdateItem", items::updateItem);
        operations.put("DeleteItem", items::deleteItem);
        operations.put("Query", queries::query);
        operations.put("Scan", queries::scan);
        operations.put("BatchGetItem", batches::batchGetItem);
        operations.put("BatchWriteItem", batches::batchWriteItem);
        operations.put("TransactWriteItems", transactions::transactWriteItems);
        operations.put("TransactGetItems", transactions::transactGetItems);
        DynamoHttpFront front = new DynamoHttpFront(operations);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", front);
            server.start();
            return new LocalDynamoDb(server, executor, front, tableOperations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start LocalDynamoDb on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, for {@code DynamoDbClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Tables created from now on stay CREATING this long ({@value #CREATING_MILLIS} ms by default). */
    public void createTableDelay(Duration creating) {
        tableOperations.creating(creating);
    }

    /** Sleeps this long before answering each request (imitates a network hop; zero by default). */
    public void latency(Duration perRequest) {
        front.latency(perRequest);
    }

    /** Operation name (e.g. {@code PutItem}) to the number of requests received since start or reset. */
    public Map<String, Long> requestCounts() {
        return front.counts();
    }

    public void resetCounts() {
        front.resetCounts();
    }

    /**
     * Answers every request for {@code operationOrStar} ({@code "*"} for all) with this HTTP status and error type,
     * e.g. {@code ("*", 500, "InternalServerError")} for an outage or {@code ("PutItem", 400,
     * "ProvisionedThroughputExceededException")} for throttling. The SDK retries 5xx and throttling errors.
     */
    public void failRequests(String operationOrStar, int httpStatus, String errorType) {
        front.fail(operationOrStar, httpStatus, errorType);
    }

    public void clearFailures() {
        front.clearFailures();
    }

    /**
     * One request as the server saw it, for benchmarks: its operation and JSON body (as the client sent it; an
     * empty object when it could not be read), when it arrived and when its answer was ready (both
     * {@link System#nanoTime()}, the injected latency in between), the HTTP status and DynamoDB error type
     * ({@code ""} on success) and the capacity units it consumed by DynamoDB's rules (read units for GetItem, Query,
     * Scan and the other reads, write units for PutItem, UpdateItem, DeleteItem and the other writes: DynamoDB's
     * {@code CapacityUnits}; zero for a failed request).
     */
    public record RequestRecord(String operation, JsonNode request, long receivedNanos, long answeredNanos, int status,
                                String errorType, double capacityUnits) {
    }

    /**
     * Tells {@code listener} about every request once its answer is ready (on the request's thread: keep it quick);
     * {@code null} removes it. While a listener is set, consumed capacity is computed for every metered operation
     * even when the request did not ask for {@code ReturnConsumedCapacity}; responses stay exactly as asked.
     */
    public void onRequest(Consumer<RequestRecord> listener) {
        front.listener(listener);
    }

    /** Runs a server until the process is killed: {@code LocalDynamoDb [port]} (default 8000). */
    public static void main(String[] args) throws InterruptedException {
        LocalDynamoDb dynamo = start(args.length > 0 ? Integer.parseInt(args[0]) : 8000);
        System.out.println("LocalDynamoDb listening on " + dynamo.endpoint());
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
