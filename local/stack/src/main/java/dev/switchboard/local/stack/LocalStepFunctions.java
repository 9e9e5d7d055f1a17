package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Step Functions API on 127.0.0.1 for the real SDK client ({@code STEP_FUNCTIONS_ENDPOINT}): {@code StartExecution}
 * (AWS JSON 1.0) starts the named state machine on its {@link LocalStateMachine}. Like a Standard workflow, an
 * execution name can be used once: the same name with the same input while the first execution is still running
 * returns that execution again; otherwise the answer is {@code ExecutionAlreadyExists}.
 */
final class LocalStepFunctions implements AutoCloseable {

    private record Started(String executionArn, String input, double startDate) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LocalStateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Started> executions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    private LocalStepFunctions(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free port with no state machines yet ({@link #register}). */
    static LocalStepFunctions start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalStepFunctions api = new LocalStepFunctions(server, executor);
            server.createContext("/", api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Step Functions endpoint", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void register(String stateMachineArn, LocalStateMachine machine) {
        machines.put(stateMachineArn, machine);
    }

    /** Marks an execution finished (its name stays taken). */
    void finished(String executionArn) {
        running.remove(executionArn);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            JsonNode body;
            try {
                body = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                error(exchange, "SerializationException", "the body is not JSON");
                return;
            }
            if (!target.equals("AWSStepFunctions.StartExecution")) {
                error(exchange, "UnknownOperationException", "the local stack emulates only StartExecution, not " + target);
                return;
            }
            startExecution(exchange, body);
        }
    }

    private void startExecution(HttpExchange exchange, JsonNode body) throws IOException {
        String arn = body.path("stateMachineArn").asText();
        LocalStateMachine machine = machines.get(arn);
        if (machine == null) {
            error(exchange, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
            return;
        }
        String name = body.path("name").asText(UUID.randomUUID().toString());
        String input = body.path("input").asText("{}");
        JsonNode parsed;
        try {
            parsed = Json.read(input);
        } catch (RuntimeException e) {
            error(exchange, "InvalidExecutionInput", "Invalid State Machine Execution Input");
            return;
        }
        String key = arn + "/" + name;
        Started fresh = new Started(LocalArns.execution(machine.logicalId(), name), input,
                System.currentTimeMillis() / 1000.0);
        Started existing = executions.putIfAbsent(key, fresh);
        if (existing != null) {
            if (existing.input().equals(input) && running.containsKey(existing.executionArn())) {
                respond(exchange, existing);
            } else {
                error(exchange, "ExecutionAlreadyExists", "Execution Already Exists: '" + existing.executionArn() + "'");
            }
            return;
        }
        running.put(fresh.executionArn(), true);
        machine.start(name, parsed);
        respond(exchange, fresh);
    }

    private static void respond(HttpExchange exchange, Started started) throws IOException {
        ObjectNode json = Json.object();
        json.put("executionArn", started.executionArn());
        json.put("startDate", started.startDate());
        send(exchange, 200, json);
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode json = Json.object();
        json.put("__type", type);
        json.put("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, 400, json);
    }

    private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
