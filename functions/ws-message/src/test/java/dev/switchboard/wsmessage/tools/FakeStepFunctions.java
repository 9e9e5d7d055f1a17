package dev.switchboard.wsmessage.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.http.LocalHttpServer;
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

    private final List<Start> starts = new CopyOnWriteArrayList<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final LocalHttpServer server = LocalHttpServer.start(0, this::handle);

    URI endpoint() {
        return server.endpoint();
    }

    List<Start> starts() {
        return List.copyOf(starts);
    }

    void finishAll() {
        executions.replaceAll((name, e) -> new Execution(e.arn(), e.input(), false));
    }

    @Override
    public void close() {
        server.close();
    }

    private synchronized LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        String target = request.header("X-Amz-Target");
        String contentType = request.header("Content-Type");
        JsonNode body = Json.read(request.text());
        if (!"AWSStepFunctions.StartExecution".equals(target) || contentType == null
                || !contentType.startsWith("application/x-amz-json-1.0")) {
            return send(400, Json.object().put("__type", "UnknownOperationException")
                    .put("message", "unexpected " + target + " / " + contentType));
        }
        String arn = body.path("stateMachineArn").asText();
        String name = body.path("name").asText();
        String input = body.path("input").asText();
        starts.add(new Start(target, arn, name, Json.read(input)));
        if (!name.matches("[A-Za-z0-9_-]{1,80}")) {
            return send(400, Json.object().put("__type", "InvalidName").put("message", "Invalid Name: " + name));
        }
        Execution existing = executions.get(name);
        if (existing != null && !(existing.running() && existing.input().equals(input))) {
            return send(400, Json.object().put("__type", "ExecutionAlreadyExists")
                    .put("message", "Execution Already Exists: '" + existing.arn() + "'"));
        }
        Execution execution = existing != null ? existing
                : new Execution(arn.replace(":stateMachine:", ":execution:") + ":" + name, input, true);
        executions.put(name, execution);
        return send(200, Json.object().put("executionArn", execution.arn()).put("startDate", 1.7e9));
    }

    private static LocalHttpServer.Response send(int status, ObjectNode json) {
        return LocalHttpServer.Response.of(status, "application/x-amz-json-1.0",
                Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
