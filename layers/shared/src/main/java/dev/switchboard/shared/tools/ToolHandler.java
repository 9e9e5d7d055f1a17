package dev.switchboard.shared.tools;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.aws.SdkPriming;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Lambda entry point of a tool function. Parses the {@link ToolRequest} the state machine sends, loads the use
 * case, checks the arguments against the tool's JSON Schema from the config, runs the {@link Tool} and returns its
 * {@link ToolResult} as the payload the state machine expects.
 *
 * <p>What the model can fix comes back as a result with {@code ok: false}: an unknown tool, arguments that are not
 * JSON or break the schema (naming each field and why). What it cannot fix is thrown under a stable class name
 * that {@code statemachine/tools.asl.json} matches: {@link ToolUnavailableException} for a dependency that may
 * recover (retried once), {@link ToolFailedException} for a malformed payload or a bug (not retried). Either way
 * the state machine's Catch turns it into a failed result, so the conversation goes on.
 *
 * <p>A tool function is a subclass that only wires its {@link Tool}: a public no-arg constructor building the real
 * adapters, and a package-private one taking ports for tests.
 *
 * <p>SnapStart: the constructor registers {@link #priming()}, which runs this request path (payload, config item
 * parsing, schema validation of good and bad arguments, the result payload) on an in-memory sample tool and use
 * case, and a DynamoDB {@code GetItem} stopped before it is sent. The function's own {@link Tool} is not run: it
 * would reach its stores.
 */
public abstract class ToolHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Tool tool;
    private final UseCaseStore useCases;
    private final ArgumentValidator validator = new ArgumentValidator();
    private final Priming priming;

    protected ToolHandler(Tool tool, UseCaseStore useCases) {
        this.tool = tool;
        this.useCases = useCases;
        this.priming = Priming.of(getClass().getSimpleName(),
                Priming.step("tool-request", ToolHandler::primeRequestPath), SdkPriming.dynamoDbGetItem()).register();
    }

    /** The priming sample: echoes its arguments, loads the in-memory sample use case, registers nothing. */
    private ToolHandler(Tool echo) {
        this.tool = echo;
        this.useCases = PrimingSamples.useCases();
        this.priming = Priming.of("sample");
    }

    /** This handler's SnapStart priming (registered; kept here because the runtime holds it weakly). */
    public final Priming priming() {
        return priming;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Log.invocation(context);
        return Json.MAPPER.convertValue(handle(event), MAP);
    }

    /** The tool call's result; throws only {@link ToolUnavailableException} or {@link ToolFailedException}. */
    public final ToolResult handle(Map<String, Object> event) {
        long started = System.nanoTime();
        try {
            ToolRequest request = parse(event);
            Log.put("callSid", request.callSid());
            Log.put("useCase", request.useCaseId());
            Log.put("tool", request.name());
            Log.put("toolCallId", request.toolCallId());
            ToolResult result = run(request);
            Log.info("tool.done", "ok", result.ok(), "error", result.error(),
                    "millis", (System.nanoTime() - started) / 1_000_000);
            return result;
        } finally {
            Log.clear();
        }
    }

    private ToolResult run(ToolRequest request) {
        LoadedUseCase loaded = guarded("loading the use case", () -> useCases.load(request.useCaseId()));
        ConfigProblem.log(loaded.problems());
        UseCase useCase = loaded.useCase();
        Optional<UseCase.ToolSpec> spec = useCase.tool(request.name());
        if (spec.isEmpty()) {
            Log.warn("tool.unknown");
            return ToolResult.failed(request, "unknown_tool", "There is no tool named '" + request.name()
                    + "' in this conversation. Use only the tools you were given.");
        }
        JsonNode arguments;
        try {
            arguments = Json.read(request.arguments());
        } catch (RuntimeException e) {
            return invalid(request, List.of("arguments: not valid JSON"));
        }
        if (!(arguments instanceof ObjectNode object)) {
            return invalid(request, List.of("arguments: must be a JSON object"));
        }
        List<String> problems = schemaProblems(useCase, spec.get(), object);
        if (!problems.isEmpty()) {
            return invalid(request, problems);
        }
        return guarded("running the tool", () -> tool.run(new ToolInvocation(request, useCase, object)));
    }

    private List<String> schemaProblems(UseCase useCase, UseCase.ToolSpec spec, ObjectNode arguments) {
        try {
            return validator.problems(spec.parameters(), arguments);
        } catch (IllegalArgumentException e) {
            // A console typo in the schema must not disable the tool: the tool checks its arguments itself too.
            Log.warn("config.problem", "useCase", useCase.id(), "attribute", "tools[" + spec.name() + "].parameters",
                    "reason", e.getMessage() + "; arguments not checked against it");
            return List.of();
        }
    }

    private ToolResult invalid(ToolRequest request, List<String> problems) {
        Log.info("tool.invalid_arguments", "problems", problems);
        return ToolResult.failed(request, "invalid_arguments", "The arguments for " + request.name()
                + " are invalid: " + String.join("; ", problems)
                + ". Correct them (ask the caller if something is missing) and call " + request.name() + " again.");
    }

    /** Runs {@code step}, translating whatever escapes it into one of the two stable exception classes. */
    private static <T> T guarded(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (ToolUnavailableException | ToolFailedException e) {
            Log.error("tool.error", e, "while", what);
            throw e;
        } catch (SdkException e) {
            if (transientFailure(e)) {
                Log.error("tool.unavailable", e, "while", what);
                throw new ToolUnavailableException(what + " failed: " + e.getClass().getSimpleName(), e);
            }
            Log.error("tool.failed", e, "while", what);
            throw new ToolFailedException(what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            Log.error("tool.failed", e, "while", what);
            throw new ToolFailedException(what + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Network trouble, throttling and 5xx may pass; a 4xx other than throttling is our mistake. */
    static boolean transientFailure(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e.retryable();
    }

    private static ToolRequest parse(Map<String, Object> event) {
        if (event == null) {
            throw new ToolFailedException("malformed tool request: no payload");
        }
        String toolCallId = text(event, "toolCallId");
        String name = text(event, "name");
        if (toolCallId.isEmpty() || name.isEmpty()) {
            throw new ToolFailedException("malformed tool request: toolCallId and name are required");
        }
        Object arguments = event.get("arguments");
        String argumentsJson = arguments == null ? "{}"
                : arguments instanceof String s ? (s.isBlank() ? "{}" : s) : Json.write(arguments);
        Map<String, String> facts = new LinkedHashMap<>();
        if (event.get("callFacts") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    facts.put(k.toString(), v.toString());
                }
            });
        }
        return new ToolRequest(toolCallId, name, argumentsJson, text(event, "callSid"), text(event, "useCaseId"),
                facts);
    }

    private static final class Sample extends ToolHandler {
        Sample() {
            super(invocation -> invocation.ok(invocation.arguments()));
        }
    }

    /** A valid call, one breaking the schema and one that is not JSON, through {@link #handleRequest}. */
    private static void primeRequestPath() {
        ToolHandler sample = new Sample();
        Map<String, Object> valid = sample.handleRequest(primingEvent(Map.of("orderNumber", "123456",
                "items", List.of(Map.of("item", "margherita", "quantity", 2)), "fulfillment", "pickup")), null);
        Map<String, Object> invalid = sample.handleRequest(primingEvent(Map.of("orderNumber", "12",
                "items", List.of(Map.of("quantity", 0)), "extra", true)), null);
        Map<String, Object> notJson = sample.handleRequest(primingEvent("{not json"), null);
        if (!Boolean.TRUE.equals(valid.get("ok")) || Boolean.TRUE.equals(invalid.get("ok"))
                || Boolean.TRUE.equals(notJson.get("ok"))) {
            throw new IllegalStateException("the priming sample tool answered wrongly: " + valid + " / " + invalid);
        }
    }

    private static Map<String, Object> primingEvent(Object arguments) {
        return Map.of("toolCallId", "call_priming", "name", PrimingSamples.TOOL, "arguments", arguments,
                "callSid", PrimingSamples.CALL_SID, "useCaseId", PrimingSamples.USE_CASE_ID,
                "callFacts", Map.of("from", PrimingSamples.CALLER, "language", "en-US"));
    }

    private static String text(Map<String, Object> event, String key) {
        Object value = event.get(key);
        return value == null ? "" : value.toString().trim();
    }
}
