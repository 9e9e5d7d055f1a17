package dev.switchboard.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolResults;
import dev.switchboard.wsmessage.tools.ToolBatch;
import dev.switchboard.wsmessage.tools.ToolCallRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tool calls through the real StepFunctionsToolRunner, the local Step Functions endpoint, the tools state machine
 * and the real restaurant tool handlers, with a recording continuation.
 */
class ToolRunnerTest {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder()
                .repoRoot(Repo.root())
                .scriptedModelOnly()
                .retryDelayScale(0)
                .function("WsConnectFunction", StandIns.SignatureCheckingConnect::new)
                .function("WsDisconnectFunction", StandIns.Recorder::new)
                .function("ToolContinuationFunction", StandIns.Recorder::new)
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private StandIns.Recorder continuation() {
        return (StandIns.Recorder) stack.function("ToolContinuationFunction").handler();
    }

    private static ToolBatch batch(String callSid, List<ToolCallRequest> calls) {
        return new ToolBatch(callSid, "conn1234567890a=", "restaurant", 2, 0, calls,
                Map.of("from", "+14155550123", "to", "+15005550006"));
    }

    private JsonNode awaitContinuation(String callSid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Object event : continuation().events) {
                JsonNode json = Json.MAPPER.valueToTree(event);
                if (json.path("callSid").asText().equals(callSid)) {
                    return json;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the continuation was not invoked for " + callSid);
    }

    @Test
    void runsTheRealToolHandlersAndResumesTheConversationWithTheirResults() throws Exception {
        stack.toolRunner().start(batch("CAtools1", List.of(
                new ToolCallRequest("call_a", "place_order", """
                        {"customerName":"Ada","fulfillment":"pickup","items":[{"item":"margherita","size":"large","quantity":1}]}"""),
                new ToolCallRequest("call_b", "get_pickup_time", "{}"))));

        ToolResults resumed = Json.MAPPER.treeToValue(awaitContinuation("CAtools1"), ToolResults.class);

        assertThat(resumed.connectionId()).isEqualTo("conn1234567890a=");
        assertThat(resumed.turn()).isEqualTo(2);
        assertThat(resumed.execution()).isEqualTo("CAtools1-t2-s0");
        assertThat(resumed.results()).extracting(r -> r.toolCallId() + " " + r.name() + " " + r.ok())
                .containsExactly("call_a place_order true", "call_b get_pickup_time true");
        assertThat(Json.read(resumed.results().get(0).content()).path("orderNumber").asText()).matches("\\d{6}");
        assertThat(stack.monitor().toolCalls("CAtools1")).extracting(ToolCallRecord::name)
                .containsExactlyInAnyOrder("place_order", "get_pickup_time");
    }

    @Test
    void answersAToolWithoutAFunctionWithAFailedResult() throws Exception {
        stack.toolRunner().start(batch("CAtools2", List.of(new ToolCallRequest("call_x", "teleport", "{}"))));

        ToolResults resumed = Json.MAPPER.treeToValue(awaitContinuation("CAtools2"), ToolResults.class);

        assertThat(resumed.results()).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).isEqualTo("unknown_tool");
        });
    }

    @Test
    void sendsTheSmsConfirmationToTheLocalMessagesApi() throws Exception {
        stack.toolRunner().start(batch("CAtools3", List.of(new ToolCallRequest("call_o", "place_order", """
                {"customerName":"Ada","fulfillment":"pickup","items":[{"item":"pepperoni","size":"small","quantity":2}]}"""))));
        String orderNumber = Json.read(Json.MAPPER.treeToValue(awaitContinuation("CAtools3"), ToolResults.class)
                .results().get(0).content()).path("orderNumber").asText();

        stack.toolRunner().start(new ToolBatch("CAtools3", "conn1234567890a=", "restaurant", 3, 0,
                List.of(new ToolCallRequest("call_s", "send_sms_confirmation", "{\"orderNumber\":\"" + orderNumber + "\"}")),
                Map.of("from", "+14155550123", "to", "+15005550006")));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (stack.monitor().toolCalls("CAtools3").size() < 2 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(stack.monitor().toolCalls("CAtools3")).last().satisfies(call -> assertThat(call.ok()).isTrue());
        assertThat(stack.sms().messages()).anySatisfy(m -> {
            assertThat(m.to()).isEqualTo("+14155550123");
            assertThat(m.body()).contains(orderNumber);
        });
    }

    @Test
    void keepsTheCallBusyUntilTheContinuationHasReturned() throws Exception {
        stack.toolRunner().start(batch("CAtools4", List.of(new ToolCallRequest("call_p", "get_pickup_time", "{}"))));
        awaitContinuation("CAtools4");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stack.monitor().busy("CAtools4") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(stack.monitor().busy("CAtools4")).isFalse();
        assertThat(stack.monitor().counter("tools.executions")).isPositive();
    }
}
