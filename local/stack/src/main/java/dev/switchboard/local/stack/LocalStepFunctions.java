package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;
import dev.switchboard.shared.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Step Functions API on 127.0.0.1 for the real SDK client ({@code STEP_FUNCTIONS_ENDPOINT}): {@code StartExecution}
 * (AWS JSON 1.0) starts the named state machine on its {@link LocalStateMachine}. Like a Standard workflow, an
 * execution name can be used once: the same name with the same input while the first execution is still running
 * returns that execution again; otherwise the answer is {@code ExecutionAlreadyExists}.
 */
final class LocalStepFunctions implements AutoCloseable {

    private record Started(String executionArn, String input, double startDate) {
    }

    private final Map<String, LocalStateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Started> executions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final LocalHttpServer server = LocalHttpServer.start(0, this::handle);

    /** Starts on a free port with no state machines yet ({@link #register}). */
    static LocalStepFunctions start() {
        return new LocalStepFunctions();
    }

    URI endpoint() {
        return server.endpoint();
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
        server.close();
    }

    private Response handle(Request request) {
        String target = request.header("X-Amz-Target");
        JsonNode body;
        try {
            body = Json.read(request.text());
        } catch (RuntimeException e) {
            return error("SerializationException", "the body is not JSON");
        }
        if (!target.equals("AWSStepFunctions.StartExecution")) {
            return error("UnknownOperationException", "the local stack emulates only StartExecution, not " + target);
        }
        return startExecution(body);
    }

    private Response startExecution(JsonNode body) {
        String arn = body.path("stateMachineArn").asText();
        LocalStateMachine machine = machines.get(arn);
        if (machine == null) {
            return error("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        String name = body.path("name").asText(UUID.randomUUID().toString());
        String input = body.path("input").asText("{}");
        JsonNode parsed;
        try {
            parsed = Json.read(input);
        } catch (RuntimeException e) {
            return error("InvalidExecutionInput", "Invalid State Machine Execution Input");
        }
        String key = arn + "/" + name;
        Started fresh = new Started(LocalArns.execution(machine.logicalId(), name), input,
                System.currentTimeMillis() / 1000.0);
        Started existing = executions.putIfAbsent(key, fresh);
        if (existing != null) {
            if (existing.input().equals(input) && running.containsKey(existing.executionArn())) {
                return respond(existing);
            } else {
                return error("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.executionArn() + "'");
            }
        }
        running.put(fresh.executionArn(), true);
        machine.start(name, parsed);
        return respond(fresh);
    }

    private static Response respond(Started started) {
        ObjectNode json = Json.object();
        json.put("executionArn", started.executionArn());
        json.put("startDate", started.startDate());
        return send(200, json);
    }

    private static Response error(String type, String message) {
        ObjectNode json = Json.object();
        json.put("__type", type);
        json.put("message", message);
        return send(400, json).header("x-amzn-ErrorType", type);
    }

    private static Response send(int status, JsonNode json) {
        return Response.of(status, "application/x-amz-json-1.0", json.toString().getBytes(StandardCharsets.UTF_8))
                .header("x-amzn-RequestId", UUID.randomUUID().toString());
    }
}
