package dev.switchboard.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolFailedException;
import dev.switchboard.shared.tools.ToolUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the real statemachine/tools.asl.json with stand-in functions. */
class LocalStateMachineTest {

    private static final String CONTINUATION = LocalArns.function("ToolContinuationFunction");

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Function<JsonNode, Object>> behaviours = new ConcurrentHashMap<>();
    private final List<JsonNode> toolPayloads = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> continuation = new CompletableFuture<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private LocalStateMachine toolsMachine() throws Exception {
        String asl = Files.readString(Repo.root().resolve("statemachine/tools.asl.json"));
        behaviours.put(CONTINUATION, payload -> {
            continuation.complete(payload);
            return null;
        });
        LocalStateMachine machine = new LocalStateMachine("ToolStateMachine",
                LocalStateMachine.substitute(asl, Map.of("ContinuationFunctionArn", CONTINUATION)),
                (arn, payload) -> {
                    if (!arn.equals(CONTINUATION)) {
                        toolPayloads.add(payload);
                    }
                    return behaviours.get(arn).apply(payload);
                }, executor, new LocalStateMachine.Observer() { });
        machine.retryDelayScale(0);
        return machine;
    }

    private static JsonNode input(String calls) {
        return Json.read("""
                {"callSid":"CA1","connectionId":"conn=","useCaseId":"restaurant","turn":3,"step":1,
                 "callFacts":{"from":"+14155550123"},"calls":%s}""".formatted(calls));
    }

    /** Runs the machine and returns the results the continuation received. */
    private JsonNode results(String calls) throws Exception {
        toolsMachine().start("CA1-t1-s0", input(calls));
        return continuation.get(10, TimeUnit.SECONDS).path("results");
    }

    private static Map<String, Object> ok(JsonNode payload, String content) {
        return Map.of("toolCallId", payload.path("toolCallId").asText(), "name", payload.path("name").asText(),
                "ok", true, "content", content);
    }

    private static LocalFunction.FunctionError thrown(RuntimeException e) {
        return new LocalFunction.FunctionError("Tool", e);
    }

    @Test
    void invokesEachToolWithTheStatePayloadAndHandsEveryResultToTheContinuation() throws Exception {
        behaviours.put("arn:a", p -> ok(p, "{\"orderNumber\":\"123456\"}"));
        behaviours.put("arn:b", p -> ok(p, "{\"readyInMinutes\":15}"));
        LocalStateMachine machine = toolsMachine();

        machine.start("CA1-t3-s1", input("""
                [{"toolCallId":"c1","name":"place_order","arguments":"{\\"x\\":1}","functionArn":"arn:a"},
                 {"toolCallId":"c2","name":"get_pickup_time","arguments":"{}","functionArn":"arn:b"}]"""));
        JsonNode resumed = continuation.get(10, TimeUnit.SECONDS);

        assertThat(toolPayloads).extracting(p -> p.path("toolCallId").asText()).containsExactlyInAnyOrder("c1", "c2");
        JsonNode first = toolPayloads.stream().filter(p -> p.path("toolCallId").asText().equals("c1")).findFirst().orElseThrow();
        assertThat(first).isEqualTo(Json.read("""
                {"toolCallId":"c1","name":"place_order","arguments":"{\\"x\\":1}","callSid":"CA1",
                 "useCaseId":"restaurant","callFacts":{"from":"+14155550123"}}"""));
        assertThat(resumed.path("callSid").asText()).isEqualTo("CA1");
        assertThat(resumed.path("connectionId").asText()).isEqualTo("conn=");
        assertThat(resumed.path("turn").asInt()).isEqualTo(3);
        assertThat(resumed.path("step").asInt()).isEqualTo(1);
        assertThat(resumed.path("execution").asText()).isEqualTo("CA1-t3-s1");
        assertThat(resumed.path("results")).extracting(r -> r.path("toolCallId").asText()).containsExactly("c1", "c2");
        assertThat(resumed.path("results").get(0).path("content").asText()).isEqualTo("{\"orderNumber\":\"123456\"}");
    }

    @Test
    void runsTheCallsOfOneStepInParallel() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Function<JsonNode, Object> waitForTheOther = p -> {
            bothRunning.countDown();
            try {
                return bothRunning.await(5, TimeUnit.SECONDS) ? ok(p, "{\"together\":true}") : ok(p, "{\"together\":false}");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        behaviours.put("arn:a", waitForTheOther);
        behaviours.put("arn:b", waitForTheOther);

        JsonNode results = results("""
                [{"toolCallId":"c1","name":"a","arguments":"{}","functionArn":"arn:a"},
                 {"toolCallId":"c2","name":"b","arguments":"{}","functionArn":"arn:b"}]""");

        assertThat(results).hasSize(2).extracting(r -> r.path("content").asText())
                .containsOnly("{\"together\":true}");
    }

    @Test
    void retriesAToolThatIsUnavailableOnceThenReportsItsResult() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        behaviours.put("arn:a", p -> {
            if (attempts.incrementAndGet() == 1) {
                throw thrown(new ToolUnavailableException("DynamoDB throttled"));
            }
            return ok(p, "{\"placed\":true}");
        });

        JsonNode results = results("""
                [{"toolCallId":"c1","name":"place_order","arguments":"{}","functionArn":"arn:a"}]""");

        assertThat(attempts).hasValue(2);
        assertThat(results.get(0).path("ok").asBoolean()).isTrue();
    }

    @Test
    void turnsAToolThatStaysUnavailableIntoAFailedResultAfterOneRetry() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        behaviours.put("arn:a", p -> {
            attempts.incrementAndGet();
            throw thrown(new ToolUnavailableException("still down"));
        });

        JsonNode result = results("""
                [{"toolCallId":"c1","name":"place_order","arguments":"{}","functionArn":"arn:a"}]""").get(0);

        assertThat(attempts).hasValue(2);
        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("error").asText()).isEqualTo(ToolUnavailableException.class.getName());
        assertThat(result.path("toolCallId").asText()).isEqualTo("c1");
        assertThat(result.path("content").asText()).startsWith("The tool failed to run.");
    }

    @Test
    void doesNotRetryAFailedToolAndReportsItsErrorClass() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        behaviours.put("arn:a", p -> {
            attempts.incrementAndGet();
            throw thrown(new ToolFailedException("bug"));
        });

        JsonNode result = results("""
                [{"toolCallId":"c1","name":"place_order","arguments":"{}","functionArn":"arn:a"}]""").get(0);

        assertThat(attempts).hasValue(1);
        assertThat(result.path("error").asText()).isEqualTo(ToolFailedException.class.getName());
    }

    @Test
    void answersACallWithoutAFunctionWithoutInvokingAnything() throws Exception {
        JsonNode result = results("""
                [{"toolCallId":"c1","name":"teleport","arguments":"{}","error":"unknown_tool"}]""").get(0);

        assertThat(toolPayloads).isEmpty();
        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("error").asText()).isEqualTo("unknown_tool");
        assertThat(result.path("content").asText()).startsWith("This tool is not available");
    }

    @Test
    void catchesATaskThatRunsPastItsTimeoutAsStatesTimeout() {
        JsonNode asl = Json.read("""
                {"StartAt":"Slow","States":{
                  "Slow":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                          "Parameters":{"FunctionName":"arn:slow","Payload":{}},"TimeoutSeconds":1,
                          "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.failure","Next":"Failed"}],"End":true},
                  "Failed":{"Type":"Pass","Parameters":{"error.$":"$.failure.Error"},"End":true}}}""");
        LocalStateMachine machine = new LocalStateMachine("Slow", asl, (arn, payload) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }, executor, new LocalStateMachine.Observer() { });

        assertThat(machine.run("x", Json.object()).path("error").asText()).isEqualTo("States.Timeout");
    }

    @Test
    void refusesStateTypesItDoesNotEmulate() {
        JsonNode asl = Json.read("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}""");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalStateMachine("W", asl,
                        (arn, payload) -> null, executor, new LocalStateMachine.Observer() { }))
                .hasMessageContaining("Wait is not emulated");
    }

    @Test
    void reportsEachFinishedCallAndTheEndOfTheExecution() throws Exception {
        behaviours.put("arn:a", p -> ok(p, "{}"));
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch settled = new CountDownLatch(1);
        String asl = Files.readString(Path.of(Repo.root().toString(), "statemachine/tools.asl.json"));
        behaviours.put(CONTINUATION, payload -> {
            seen.add("continuation");
            return null;
        });
        LocalStateMachine machine = new LocalStateMachine("ToolStateMachine",
                LocalStateMachine.substitute(asl, Map.of("ContinuationFunctionArn", CONTINUATION)),
                (arn, payload) -> behaviours.get(arn).apply(payload), executor, new LocalStateMachine.Observer() {
                    @Override
                    public void mapItemFinished(LocalStateMachine.Execution execution, String state, JsonNode item,
                                                JsonNode output, int invocations) {
                        seen.add("item " + item.path("call").path("toolCallId").asText() + " x" + invocations);
                    }

                    @Override
                    public void executionSettled(LocalStateMachine.Execution execution) {
                        seen.add("settled");
                        settled.countDown();
                    }
                });

        machine.start("CA1-t1-s0", input("""
                [{"toolCallId":"c1","name":"a","arguments":"{}","functionArn":"arn:a"}]"""));

        assertThat(settled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("item c1 x1", "continuation", "settled");
    }
}
