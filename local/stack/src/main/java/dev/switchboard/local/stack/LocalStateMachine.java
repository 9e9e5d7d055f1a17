package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Runs an Amazon States Language definition in this process, for the subset the template's state machines use:
 * {@code Task} ({@code arn:aws:states:::lambda:invoke}, request-response or {@code Event}, {@code TimeoutSeconds},
 * {@code Retry}, {@code Catch}), {@code Map} (inline, {@code ItemsPath}, {@code ItemSelector},
 * {@code MaxConcurrency}), {@code Choice} (comparison and {@code IsPresent}/{@code IsNull} rules, {@code And},
 * {@code Or}, {@code Not}) and {@code Pass}; {@code InputPath}, {@code Parameters}, {@code ResultSelector},
 * {@code ResultPath} and {@code OutputPath}, with reference paths ({@code $.a.b}, {@code $.a[0]}) and the context
 * object ({@code $$.Execution.Name}, {@code $$.Map.Item.Value}, ...). The rules follow the Step Functions
 * documentation: a retrier matches by error name, {@code States.ALL} or {@code States.TaskFailed}; its delay is
 * {@code IntervalSeconds × BackoffRate^attempt} (capped by {@code MaxDelaySeconds}, randomised with
 * {@code JitterStrategy: FULL}); once it is used up the error goes to the first matching catcher, whose
 * {@code ResultPath} places {@code {"Error","Cause"}} into the state's input.
 *
 * <p>A definition using anything else is refused when it is loaded, rather than run differently than in AWS.
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
        Execution execution = new Execution(LocalArns.execution(logicalId, name), name, input, Instant.now());
        Run run = new Run(execution);
        observer.executionStarted(execution);
        executor.execute(() -> {
            try {
                run.states(definition, input, NODES.objectNode());
            } catch (StatesError e) {
                run.failure = e;
            } finally {
                run.settle();
            }
        });
        return execution;
    }

    /** Runs an execution to its end on the calling thread and returns its output (for tests). */
    public JsonNode run(String name, JsonNode input) {
        Execution execution = new Execution(LocalArns.execution(logicalId, name), name, input, Instant.now());
        Run run = new Run(execution);
        observer.executionStarted(execution);
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
            String at = where + "/" + e.getKey();
            switch (state.path("Type").asText()) {
                case "Pass", "Choice", "Succeed", "Fail" -> { }
                case "Task" -> {
                    String resource = state.path("Resource").asText();
                    if (!resource.equals(LAMBDA_INVOKE)) {
                        throw new IllegalArgumentException("ASL" + at + ": the local stack runs only " + LAMBDA_INVOKE
                                + " tasks, not " + resource);
                    }
                }
                case "Map" -> {
                    JsonNode processor = state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
                    String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
                    if (!mode.equals("INLINE")) {
                        throw new IllegalArgumentException("ASL" + at + ": only INLINE Map states run locally");
                    }
                    check(processor, at);
                }
                default -> throw new IllegalArgumentException("ASL" + at + ": state type "
                        + state.path("Type").asText() + " is not emulated by the local stack");
            }
        });
    }

    // ------------------------------------------------------------------------------------------ execution

    private final class Run {
        final Execution execution;
        final AtomicInteger pending = new AtomicInteger(1);
        volatile StatesError failure;

        Run(Execution execution) {
            this.execution = execution;
        }

        void settle() {
            if (pending.decrementAndGet() == 0) {
                observer.executionSettled(execution);
            }
        }

        /** Runs a (sub-)machine from its StartAt to an end state. */
        JsonNode states(JsonNode machine, JsonNode input, ObjectNode mapContext) {
            JsonNode states = machine.path("States");
            String name = machine.path("StartAt").asText();
            JsonNode data = input;
            while (true) {
                JsonNode state = states.path(name);
                if (state.isMissingNode()) {
                    throw new StatesError("States.Runtime", "no state named " + name);
                }
                Step step = state(name, state, data, mapContext);
                data = step.output;
                if (step.next.isEmpty()) {
                    return data;
                }
                name = step.next.get();
            }
        }

        record Step(JsonNode output, Optional<String> next) {
        }

        Step state(String name, JsonNode state, JsonNode input, ObjectNode mapContext) {
            observer.stateEntered(execution, name);
            ObjectNode context = context(name, mapContext);
            String type = state.path("Type").asText();
            switch (type) {
                case "Succeed" -> {
                    return new Step(input, Optional.empty());
                }
                case "Fail" -> throw new StatesError(state.path("Error").asText("States.Fail"),
                        state.path("Cause").asText(""));
                case "Choice" -> {
                    JsonNode effective = path(state, "InputPath", input, context);
                    for (JsonNode rule : state.path("Choices")) {
                        if (matches(rule, effective)) {
                            return new Step(path(state, "OutputPath", effective, context), Optional.of(rule.path("Next").asText()));
                        }
                    }
                    if (state.has("Default")) {
                        return new Step(path(state, "OutputPath", effective, context), Optional.of(state.path("Default").asText()));
                    }
                    throw new StatesError("States.NoChoiceMatched", "no choice matched in " + name);
                }
                default -> {
                    JsonNode effective = path(state, "InputPath", input, context);
                    JsonNode output;
                    try {
                        output = switch (type) {
                            case "Pass" -> {
                                JsonNode result = state.has("Result") ? state.get("Result")
                                        : state.has("Parameters") ? template(state.get("Parameters"), effective, context)
                                        : effective;
                                yield place(state, input, result, context);
                            }
                            case "Task" -> place(state, input, selected(state, task(state, effective, context), context), context);
                            case "Map" -> place(state, input, selected(state, map(name, state, effective, context), context), context);
                            default -> throw new StatesError("States.Runtime", "unsupported state type " + type);
                        };
                    } catch (StatesError e) {
                        for (JsonNode catcher : state.path("Catch")) {
                            if (errorMatches(catcher.path("ErrorEquals"), e.error)) {
                                ObjectNode errorOutput = NODES.objectNode().put("Error", e.error).put("Cause", e.cause);
                                JsonNode caught = resultPath(catcher.path("ResultPath"), catcher.has("ResultPath"), input, errorOutput);
                                return new Step(caught, Optional.of(catcher.path("Next").asText()));
                            }
                        }
                        throw e;
                    }
                    return new Step(path(state, "OutputPath", output, context), next(state));
                }
            }
        }

        Optional<String> next(JsonNode state) {
            return state.path("End").asBoolean(false) ? Optional.empty() : Optional.of(state.path("Next").asText());
        }

        ObjectNode context(String stateName, ObjectNode mapContext) {
            ObjectNode context = NODES.objectNode();
            context.putObject("Execution")
                    .put("Id", execution.arn())
                    .put("Name", execution.name())
                    .put("StartTime", execution.startedAt().toString())
                    .set("Input", execution.input());
            context.putObject("StateMachine").put("Id", LocalArns.stateMachine(logicalId)).put("Name", logicalId);
            context.putObject("State").put("Name", stateName).put("EnteredTime", Instant.now().toString());
            if (mapContext.has("Map")) {
                context.set("Map", mapContext.get("Map"));
            }
            return context;
        }

        JsonNode selected(JsonNode state, JsonNode result, ObjectNode context) {
            return state.has("ResultSelector") ? template(state.get("ResultSelector"), result, context) : result;
        }

        JsonNode place(JsonNode state, JsonNode input, JsonNode result, ObjectNode context) {
            return resultPath(state.path("ResultPath"), state.has("ResultPath"), input, result);
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
                    Object result = invokeWithTimeout(functionArn, payload, timeout);
                    ObjectNode output = NODES.objectNode();
                    output.put("ExecutedVersion", "live");
                    output.set("Payload", Json.MAPPER.valueToTree(result));
                    output.put("StatusCode", 200);
                    return output;
                } catch (StatesError e) {
                    long delay = retryDelay(state.path("Retry"), attempts, e.error);
                    if (delay < 0) {
                        throw e;
                    }
                    sleep(delay);
                }
            }
        }

        /** Counts invocations per Map iteration (one thread runs one iteration). */
        final ThreadLocal<int[]> invocations = ThreadLocal.withInitial(() -> new int[1]);

        Object invokeWithTimeout(String functionArn, JsonNode payload, int timeoutSeconds) {
            Future<Object> future = executor.submit(() -> functions.invoke(functionArn, payload));
            try {
                return future.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new StatesError("States.Timeout", "the task did not finish within " + timeoutSeconds + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof LocalFunction.FunctionError error) {
                    ObjectNode detail = NODES.objectNode();
                    detail.put("errorMessage", String.valueOf(error.getCause().getMessage()));
                    detail.put("errorType", error.errorType());
                    throw new StatesError(error.errorType(), detail.toString());
                }
                throw new StatesError("States.TaskFailed", String.valueOf(cause));
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
                int max = retrier.path("MaxAttempts").asInt(3);
                if (attempts[i] >= max) {
                    return -1;
                }
                double interval = retrier.path("IntervalSeconds").asDouble(1);
                double backoff = retrier.path("BackoffRate").asDouble(2);
                double seconds = interval * Math.pow(backoff, attempts[i]);
                if (retrier.has("MaxDelaySeconds")) {
                    seconds = Math.min(seconds, retrier.path("MaxDelaySeconds").asDouble());
                }
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
            JsonNode processor = state.has("ItemProcessor") ? state.path("ItemProcessor") : state.path("Iterator");
            JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
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
                        ObjectNode selectorContext = context(name, itemContext);
                        JsonNode iterationInput = selector == null ? item : template(selector, input, selectorContext);
                        JsonNode output = states(processor, iterationInput, itemContext);
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
                    if (e.getCause() instanceof StatesError error) {
                        throw error;
                    }
                    throw new StatesError("States.Runtime", String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StatesError("States.Runtime", "interrupted");
                }
            }
            return results;
        }

        void sleep(long millis) {
            if (millis <= 0) {
                return;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesError("States.Runtime", "interrupted");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ paths and rules

    static boolean errorMatches(JsonNode errorEquals, String error) {
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(error) || name.equals("States.ALL")
                    || name.equals("States.TaskFailed") && !error.equals("States.Timeout") && !error.startsWith("States.")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode path(JsonNode state, String field, JsonNode data, ObjectNode context) {
        if (!state.has(field)) {
            return data;
        }
        JsonNode path = state.get(field);
        if (path.isNull()) {
            return NODES.objectNode();
        }
        return read(path.asText(), data, context);
    }

    private static JsonNode resultPath(JsonNode path, boolean present, JsonNode input, JsonNode result) {
        if (!present || "$".equals(path.asText())) {
            return result;
        }
        if (path.isNull()) {
            return input;
        }
        JsonNode copy = input.isObject() ? input.deepCopy() : NODES.objectNode();
        List<String> parts = segments(path.asText());
        ObjectNode target = (ObjectNode) copy;
        for (int i = 0; i < parts.size() - 1; i++) {
            JsonNode child = target.get(parts.get(i));
            if (!(child instanceof ObjectNode)) {
                child = target.putObject(parts.get(i));
            }
            target = (ObjectNode) child;
        }
        target.set(parts.get(parts.size() - 1), result);
        return copy;
    }

    /** Evaluates a payload template: {@code "key.$": "path"} fields take the path's value. */
    static JsonNode template(JsonNode template, JsonNode input, ObjectNode context) {
        if (template.isObject()) {
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith(".$")) {
                    String expression = field.getValue().asText();
                    if (expression.startsWith("States.")) {
                        throw new StatesError("States.Runtime", "intrinsic functions are not emulated: " + expression);
                    }
                    out.set(field.getKey().substring(0, field.getKey().length() - 2), read(expression, input, context));
                } else {
                    out.set(field.getKey(), template(field.getValue(), input, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            template.forEach(t -> out.add(template(t, input, context)));
            return out;
        }
        return template;
    }

    /** A reference path: {@code $}, {@code $.a.b[0]}, or {@code $$.x} on the context object. Missing is an error. */
    static JsonNode read(String path, JsonNode input, JsonNode context) {
        JsonNode value = find(path, input, context);
        if (value == null) {
            throw new StatesError("States.Runtime", "the path " + path + " matches nothing in the input");
        }
        return value;
    }

    private static JsonNode find(String path, JsonNode input, JsonNode context) {
        JsonNode node;
        String rest;
        if (path.startsWith("$$")) {
            node = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            node = input;
            rest = path.substring(1);
        } else {
            throw new StatesError("States.Runtime", "not a reference path: " + path);
        }
        for (String part : segments("$" + rest)) {
            if (node == null) {
                return null;
            }
            if (part.matches("\\[\\d+]")) {
                int index = Integer.parseInt(part.substring(1, part.length() - 1));
                node = node.isArray() && index < node.size() ? node.get(index) : null;
            } else {
                node = node.isObject() ? node.get(part) : null;
            }
        }
        return node;
    }

    /** {@code $.a.b[0]} to {@code [a, b, [0]]}. */
    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        String rest = path.substring(1);
        for (String piece : rest.split("\\.")) {
            if (piece.isEmpty()) {
                continue;
            }
            int bracket = piece.indexOf('[');
            if (bracket < 0) {
                parts.add(piece);
            } else {
                if (bracket > 0) {
                    parts.add(piece.substring(0, bracket));
                }
                for (String index : piece.substring(bracket).split("(?=\\[)")) {
                    parts.add(index);
                }
            }
        }
        return parts;
    }

    static boolean matches(JsonNode rule, JsonNode input) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input);
        }
        JsonNode value = find(rule.path("Variable").asText(), input, NullNode.getInstance());
        if (rule.has("IsPresent")) {
            return (value != null) == rule.get("IsPresent").asBoolean();
        }
        if (value == null) {
            throw new StatesError("States.Runtime", "Choice variable " + rule.path("Variable").asText() + " is missing");
        }
        if (rule.has("IsNull")) {
            return value.isNull() == rule.get("IsNull").asBoolean();
        }
        if (rule.has("StringEquals")) {
            return value.isTextual() && value.asText().equals(rule.get("StringEquals").asText());
        }
        if (rule.has("BooleanEquals")) {
            return value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean();
        }
        if (rule.has("NumericEquals")) {
            return value.isNumber() && value.decimalValue().compareTo(rule.get("NumericEquals").decimalValue()) == 0;
        }
        if (rule.has("NumericGreaterThan")) {
            return value.isNumber() && value.asDouble() > rule.get("NumericGreaterThan").asDouble();
        }
        if (rule.has("NumericLessThan")) {
            return value.isNumber() && value.asDouble() < rule.get("NumericLessThan").asDouble();
        }
        throw new StatesError("States.Runtime", "Choice rule not emulated: " + rule);
    }

    /** For tests: a text node. */
    static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    /** Adapts a function that resolves ARNs to local functions. */
    public static Functions functions(Function<String, Optional<LocalFunction>> resolver) {
        return (arn, payload) -> {
            LocalFunction function = resolver.apply(arn)
                    .orElseThrow(() -> new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + arn));
            return function.invoke(payload);
        };
    }
}
