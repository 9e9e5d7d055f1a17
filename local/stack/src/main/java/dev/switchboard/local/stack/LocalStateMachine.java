package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs an Amazon States Language definition in this process, for exactly the subset {@code statemachine/tools.asl.json}
 * uses: {@code Task} ({@code arn:aws:states:::lambda:invoke}, request-response or {@code Event}, {@code Parameters},
 * {@code TimeoutSeconds}, {@code Retry}, {@code Catch}, {@code OutputPath}), an inline {@code Map} ({@code ItemsPath},
 * {@code ItemSelector}, {@code MaxConcurrency}), {@code Choice} on {@code IsPresent} with a {@code Default}, and
 * {@code Pass} with {@code Parameters}; {@code ResultPath}; reference paths ({@code $.a.b}) and the context object
 * ({@code $$.Execution.Name}, {@code $$.Map.Item.Value}). The rules follow the Step Functions documentation: a
 * retrier matches by error name, {@code States.ALL} or {@code States.TaskFailed}; its delay is
 * {@code IntervalSeconds × BackoffRate^attempt} (capped by {@code MaxDelaySeconds}, randomised with
 * {@code JitterStrategy: FULL}); once it is used up the error goes to the first matching catcher, whose
 * {@code ResultPath} places {@code {"Error","Cause"}} into the state's input.
 *
 * <p>A definition using any other state type or field is refused when it is loaded, rather than run differently
 * than in AWS.
 */
public final class LocalStateMachine {

    /** What runs a Lambda function named in a task (its ARN resolves to a local function). */
    public interface Functions {
        /** Invokes the function synchronously and returns its result; throws {@link LocalFunction.FunctionError}. */
        Object invoke(String functionArn, JsonNode payload);
    }

    /** Hooks for the stack: each finished Map iteration and the end of an execution (async invokes included). */
    public interface Observer {
        default void executionStarted(Execution execution) {
        }

        /** A state (of the machine or of a Map iteration) starts running: one state transition as AWS bills them. */
        default void stateEntered(Execution execution, String state) {
        }

        default void mapItemFinished(Execution execution, String state, JsonNode item, JsonNode output, int invocations) {
        }

        default void executionSettled(Execution execution) {
        }
    }

    /** One execution's identity and input. */
    public record Execution(String arn, String name, JsonNode input, Instant startedAt) {
    }

    /** An ASL error: its name ({@code States.Timeout}, an exception class name...) and cause. */
    static final class StatesError extends RuntimeException {
        final String error;
        final String cause;

        StatesError(String error, String cause) {
            super(error + ": " + cause, null, false, false);
            this.error = error;
            this.cause = cause;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final Set<String> COMMON = Set.of("Type", "Comment", "Next", "End");
    /** The fields each emulated state type may have (besides {@link #COMMON}). */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", Set.of("Resource", "Parameters", "OutputPath", "ResultPath", "TimeoutSeconds", "Retry", "Catch"),
            "Map", Set.of("ItemsPath", "ItemSelector", "MaxConcurrency", "ItemProcessor", "ResultPath"),
            "Choice", Set.of("Choices", "Default"),
            "Pass", Set.of("Parameters", "ResultPath"));
    private static final Set<String> RETRIER = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy");

    private final String logicalId;
    private final JsonNode definition;
    private final Functions functions;
    private final ExecutorService executor;
    private final Observer observer;
    private volatile double retryDelayScale = 1.0;

    /**
     * @param definition the ASL document with its definition substitutions already applied
     * @param executor   runs Map iterations, task timeouts and {@code Event} invocations (unbounded, e.g. virtual threads)
     */
    public LocalStateMachine(String logicalId, JsonNode definition, Functions functions, ExecutorService executor,
                             Observer observer) {
        this.logicalId = logicalId;
        this.definition = definition;
        this.functions = functions;
        this.executor = executor;
        this.observer = observer;
        check(definition, "");
    }

    /** Applies {@code ${Name}} definition substitutions to an ASL text and parses it. */
    public static JsonNode substitute(String asl, Map<String, String> substitutions) {
        String text = asl;
        for (var e : substitutions.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        return Json.read(text);
    }

    public String logicalId() {
        return logicalId;
    }

    /** Scales every retry delay (1 = as the definition says; 0 = retry at once), for tests and benchmarks. */
    public void retryDelayScale(double scale) {
        this.retryDelayScale = scale;
    }

    /** Starts an execution and returns at once; the execution runs on the executor. */
    public Execution start(String name, JsonNode input) {
        Run run = new Run(name, input);
        executor.execute(() -> {
            try {
                run.states(definition, input, NODES.objectNode());
            } catch (StatesError e) {
                // the execution failed; nothing waits for its output
            } finally {
                run.settle();
            }
        });
        return run.execution;
    }

    /** Runs an execution to its end on the calling thread and returns its output (for tests). */
    public JsonNode run(String name, JsonNode input) {
        Run run = new Run(name, input);
        try {
            return run.states(definition, input, NODES.objectNode());
        } finally {
            run.settle();
        }
    }

    // ------------------------------------------------------------------------------------------ validation

    private static void check(JsonNode machine, String where) {
        if (!machine.path("States").isObject() || !machine.path("StartAt").isTextual()) {
            throw new IllegalArgumentException("ASL" + where + ": StartAt and States are required");
        }
        machine.path("States").properties().forEach(e -> {
            JsonNode state = e.getValue();
            String at = "ASL" + where + "/" + e.getKey();
            String type = state.path("Type").asText();
            Set<String> allowed = FIELDS.get(type);
            if (allowed == null) {
                throw new IllegalArgumentException(at + ": state type " + type + " is not emulated by the local stack");
            }
            state.fieldNames().forEachRemaining(field -> refuseUnless(COMMON.contains(field) || allowed.contains(field),
                    at + ": " + type + "." + field));
            state.path("Retry").forEach(r -> r.fieldNames().forEachRemaining(
                    field -> refuseUnless(RETRIER.contains(field), at + ": Retry." + field)));
            state.path("Catch").forEach(c -> c.fieldNames().forEachRemaining(field -> refuseUnless(
                    Set.of("ErrorEquals", "ResultPath", "Next").contains(field), at + ": Catch." + field)));
            refuseUnless(!state.path("ResultPath").isNull(), at + ": ResultPath null");
            state.path("Choices").forEach(c -> c.fieldNames().forEachRemaining(
                    field -> refuseUnless(Set.of("Variable", "IsPresent", "Next").contains(field), at + ": Choice rule " + field)));
            if (type.equals("Task")) {
                refuseUnless(state.path("Resource").asText().equals(LAMBDA_INVOKE),
                        at + ": Resource " + state.path("Resource").asText() + " (only " + LAMBDA_INVOKE + ")");
            }
            if (type.equals("Map")) {
                JsonNode processor = state.path("ItemProcessor");
                refuseUnless(processor.path("ProcessorConfig").path("Mode").asText("INLINE").equals("INLINE"),
                        at + ": a Map that is not INLINE");
                check(processor, where + "/" + e.getKey());
            }
        });
    }

    private static void refuseUnless(boolean supported, String what) {
        if (!supported) {
            throw new IllegalArgumentException(what + " is not emulated by the local stack");
        }
    }

    // ------------------------------------------------------------------------------------------ execution

    private final class Run {
        final Execution execution;
        final AtomicInteger pending = new AtomicInteger(1);
        /** Counts invocations per Map iteration (one thread runs one iteration). */
        final ThreadLocal<int[]> invocations = ThreadLocal.withInitial(() -> new int[1]);

        Run(String name, JsonNode input) {
            this.execution = new Execution(LocalArns.execution(logicalId, name), name, input, Instant.now());
            observer.executionStarted(execution);
        }

        void settle() {
            if (pending.decrementAndGet() == 0) {
                observer.executionSettled(execution);
            }
        }

        /** Runs a (sub-)machine from its StartAt to an end state. */
        JsonNode states(JsonNode machine, JsonNode input, ObjectNode mapContext) {
            String name = machine.path("StartAt").asText();
            JsonNode data = input;
            while (name != null) {
                JsonNode state = machine.path("States").path(name);
                if (state.isMissingNode()) {
                    throw new StatesError("States.Runtime", "no state named " + name);
                }
                observer.stateEntered(execution, name);
                ObjectNode context = context(mapContext);
                String next = state.path("End").asBoolean(false) ? null : state.path("Next").asText();
                if (state.path("Type").asText().equals("Choice")) {
                    next = choose(name, state, data);
                } else {
                    try {
                        data = state(name, state, data, context);
                    } catch (StatesError e) {
                        JsonNode catcher = catcher(state, e.error).orElseThrow(() -> e);
                        data = place(catcher, data, NODES.objectNode().put("Error", e.error).put("Cause", e.cause));
                        next = catcher.path("Next").asText();
                    }
                }
                name = next;
            }
            return data;
        }

        JsonNode state(String name, JsonNode state, JsonNode input, ObjectNode context) {
            return switch (state.path("Type").asText()) {
                case "Pass" -> place(state, input, state.has("Parameters")
                        ? template(state.get("Parameters"), input, context) : input);
                case "Task" -> {
                    JsonNode output = place(state, input, task(state, input, context));
                    yield state.has("OutputPath") ? read(state.path("OutputPath").asText(), output, context) : output;
                }
                case "Map" -> place(state, input, map(name, state, input, context));
                default -> throw new StatesError("States.Runtime", "unsupported state " + name);
            };
        }

        String choose(String name, JsonNode state, JsonNode input) {
            for (JsonNode rule : state.path("Choices")) {
                if ((find(rule.path("Variable").asText(), input, NODES.objectNode()) != null)
                        == rule.path("IsPresent").asBoolean()) {
                    return rule.path("Next").asText();
                }
            }
            if (state.has("Default")) {
                return state.path("Default").asText();
            }
            throw new StatesError("States.NoChoiceMatched", "no choice matched in " + name);
        }

        ObjectNode context(ObjectNode mapContext) {
            ObjectNode context = mapContext.deepCopy();
            context.putObject("Execution")
                    .put("Id", execution.arn())
                    .put("Name", execution.name())
                    .put("StartTime", execution.startedAt().toString())
                    .set("Input", execution.input());
            return context;
        }

        // -------------------------------------------------------------------------------------- Task

        JsonNode task(JsonNode state, JsonNode input, ObjectNode context) {
            JsonNode parameters = state.has("Parameters") ? template(state.get("Parameters"), input, context) : input;
            String functionArn = parameters.path("FunctionName").asText();
            if (functionArn.isEmpty()) {
                throw new StatesError("States.Runtime", "lambda:invoke without FunctionName");
            }
            JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : input;
            if ("Event".equals(parameters.path("InvocationType").asText())) {
                pending.incrementAndGet();
                executor.execute(() -> {
                    try {
                        functions.invoke(functionArn, payload);
                    } catch (RuntimeException e) {
                        // an asynchronous invoke's failure never reaches the state machine
                    } finally {
                        settle();
                    }
                });
                return NODES.objectNode().put("StatusCode", 202).put("Payload", "");
            }
            int timeout = state.path("TimeoutSeconds").asInt(99_999_999);
            int[] attempts = new int[state.path("Retry").size()];
            while (true) {
                try {
                    invocations.get()[0]++;
                    ObjectNode output = NODES.objectNode().put("ExecutedVersion", "live");
                    output.set("Payload", Json.MAPPER.valueToTree(invokeWithTimeout(functionArn, payload, timeout)));
                    return output.put("StatusCode", 200);
                } catch (StatesError e) {
                    long delay = retryDelay(state.path("Retry"), attempts, e.error);
                    if (delay < 0) {
                        throw e;
                    }
                    sleep(delay);
                }
            }
        }

        Object invokeWithTimeout(String functionArn, JsonNode payload, int timeoutSeconds) {
            Future<Object> future = executor.submit(() -> functions.invoke(functionArn, payload));
            try {
                return future.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new StatesError("States.Timeout", "the task did not finish within " + timeoutSeconds + " s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LocalFunction.FunctionError error) {
                    throw new StatesError(error.errorType(), NODES.objectNode()
                            .put("errorMessage", String.valueOf(error.getCause().getMessage()))
                            .put("errorType", error.errorType()).toString());
                }
                throw new StatesError("States.TaskFailed", String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new StatesError("States.Runtime", "interrupted");
            }
        }

        /** The delay before the next attempt in ms, or -1 when no retrier matches or the matching one is used up. */
        long retryDelay(JsonNode retriers, int[] attempts, String error) {
            for (int i = 0; i < retriers.size(); i++) {
                JsonNode retrier = retriers.get(i);
                if (!errorMatches(retrier.path("ErrorEquals"), error)) {
                    continue;
                }
                if (attempts[i] >= retrier.path("MaxAttempts").asInt(3)) {
                    return -1;
                }
                double seconds = retrier.path("IntervalSeconds").asDouble(1)
                        * Math.pow(retrier.path("BackoffRate").asDouble(2), attempts[i]);
                seconds = Math.min(seconds, retrier.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE));
                if ("FULL".equals(retrier.path("JitterStrategy").asText())) {
                    seconds = ThreadLocalRandom.current().nextDouble() * seconds;
                }
                attempts[i]++;
                return Math.round(seconds * 1000 * retryDelayScale);
            }
            return -1;
        }

        // -------------------------------------------------------------------------------------- Map

        JsonNode map(String name, JsonNode state, JsonNode input, ObjectNode context) {
            JsonNode items = state.has("ItemsPath") ? read(state.path("ItemsPath").asText(), input, context) : input;
            if (!items.isArray()) {
                throw new StatesError("States.Runtime", name + ": ItemsPath is not an array");
            }
            JsonNode selector = state.get("ItemSelector");
            int maxConcurrency = state.path("MaxConcurrency").asInt(0);
            Semaphore slots = new Semaphore(maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency);
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                ObjectNode itemContext = NODES.objectNode();
                itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", item);
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        invocations.get()[0] = 0;
                        JsonNode iterationInput = selector == null ? item : template(selector, input, context(itemContext));
                        JsonNode output = states(state.path("ItemProcessor"), iterationInput, itemContext);
                        observer.mapItemFinished(execution, name, iterationInput, output, invocations.get()[0]);
                        return output;
                    } finally {
                        slots.release();
                    }
                }));
            }
            ArrayNode results = NODES.arrayNode();
            for (Future<JsonNode> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw e.getCause() instanceof StatesError error ? error
                            : new StatesError("States.Runtime", String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StatesError("States.Runtime", "interrupted");
                }
            }
            return results;
        }

        void sleep(long millis) {
            try {
                Thread.sleep(Math.max(0, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesError("States.Runtime", "interrupted");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ paths

    static boolean errorMatches(JsonNode errorEquals, String error) {
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(error) || name.equals("States.ALL")
                    || name.equals("States.TaskFailed") && !error.startsWith("States.")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<JsonNode> catcher(JsonNode state, String error) {
        for (JsonNode catcher : state.path("Catch")) {
            if (errorMatches(catcher.path("ErrorEquals"), error)) {
                return Optional.of(catcher);
            }
        }
        return Optional.empty();
    }

    /** Places a result into the input as {@code ResultPath} (of a state or a catcher) says; without one it replaces it. */
    private static JsonNode place(JsonNode holder, JsonNode input, JsonNode result) {
        String path = holder.path("ResultPath").asText("$");
        if (path.equals("$")) {
            return result;
        }
        ObjectNode copy = input.isObject() ? input.deepCopy() : NODES.objectNode();
        String[] parts = path.substring(2).split("\\.");
        ObjectNode target = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            target = target.get(parts[i]) instanceof ObjectNode child ? child : target.putObject(parts[i]);
        }
        target.set(parts[parts.length - 1], result);
        return copy;
    }

    /** Evaluates a payload template: {@code "key.$": "path"} fields take the path's value. */
    static JsonNode template(JsonNode template, JsonNode input, ObjectNode context) {
        if (template.isObject()) {
            ObjectNode out = NODES.objectNode();
            template.properties().forEach(field -> {
                if (field.getKey().endsWith(".$")) {
                    out.set(field.getKey().substring(0, field.getKey().length() - 2),
                            read(field.getValue().asText(), input, context));
                } else {
                    out.set(field.getKey(), template(field.getValue(), input, context));
                }
            });
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            template.forEach(t -> out.add(template(t, input, context)));
            return out;
        }
        return template;
    }

    /** A reference path: {@code $}, {@code $.a.b}, or {@code $$.x} on the context object. Missing is an error. */
    static JsonNode read(String path, JsonNode input, JsonNode context) {
        JsonNode value = find(path, input, context);
        if (value == null) {
            throw new StatesError("States.Runtime", "the path " + path + " matches nothing in the input");
        }
        return value;
    }

    private static JsonNode find(String path, JsonNode input, JsonNode context) {
        boolean onContext = path.startsWith("$$");
        if (!path.startsWith("$") || path.contains("[")) {
            throw new StatesError("States.Runtime", "not a reference path the local stack emulates: " + path);
        }
        JsonNode node = onContext ? context : input;
        for (String part : path.substring(onContext ? 2 : 1).split("\\.")) {
            if (!part.isEmpty()) {
                node = node != null && node.isObject() ? node.get(part) : null;
            }
        }
        return node;
    }

    /** Adapts a function that resolves ARNs to local functions. */
    public static Functions functions(Function<String, Optional<LocalFunction>> resolver) {
        return (arn, payload) -> resolver.apply(arn)
                .orElseThrow(() -> new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + arn))
                .invoke(payload);
    }
}
