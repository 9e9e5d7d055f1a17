package dev.switchboard.wsmessage.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny Step Functions endpoint speaking the AWS JSON 1.0 protocol for {@code AWSStepFunctions.StartExecution},
 * with Standard workflow naming rules: a name already used answers 200 with the same execution while it runs and
 * the input is identical, {@code ExecutionAlreadyExists} otherwise (or once {@link #finishAll()} closed it).
 */
final class FakeStepFunctions implements AutoCloseable {

    record Start(String target, String stateMachineArn, String name, JsonNode input) {
    }

    private record Execution(String arn, String input, boolean running) {
    }

    private final HttpServer server;
    private final List<Start> starts = new CopyOnWriteArrayList<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    FakeStepFunctions() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Start> starts() {
        return List.copyOf(starts);
    }

    void finishAll() {
        executions.replaceAll((name, e) -> new Execution(e.arn(), e.input(), false));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode body = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"AWSStepFunctions.StartExecution".equals(target) || contentType == null
                    || !contentType.startsWith("application/x-amz-json-1.0")) {
                send(exchange, 400, Json.object().put("__type", "UnknownOperationException")
                        .put("message", "unexpected " + target + " / " + contentType));
                return;
            }
            String arn = body.path("stateMachineArn").asText();
            String name = body.path("name").asText();
            String input = body.path("input").asText();
            starts.add(new Start(target, arn, name, Json.read(input)));
            if (!name.matches("[A-Za-z0-9_-]{1,80}")) {
                send(exchange, 400, Json.object().put("__type", "InvalidName").put("message", "Invalid Name: " + name));
                return;
            }
            Execution existing = executions.get(name);
            if (existing != null && !(existing.running() && existing.input().equals(input))) {
                send(exchange, 400, Json.object().put("__type", "ExecutionAlreadyExists")
                        .put("message", "Execution Already Exists: '" + existing.arn() + "'"));
                return;
            }
            Execution execution = existing != null ? existing
                    : new Execution(arn.replace(":stateMachine:", ":execution:") + ":" + name, input, true);
            executions.put(name, execution);
            send(exchange, 200, Json.object().put("executionArn", execution.arn()).put("startDate", 1.7e9));
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = Json.write(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
