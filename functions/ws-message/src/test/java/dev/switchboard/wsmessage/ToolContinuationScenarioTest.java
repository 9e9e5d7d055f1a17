package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolResults;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import dev.switchboard.wsmessage.reply.TurnBudget;
import dev.switchboard.wsmessage.tools.StepFunctionsToolRunner;
import dev.switchboard.wsmessage.tools.ToolBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calls end to end through the real handlers: {@link MessageHandler} starts a batch on a recording tool runner
 * (standing in for Step Functions), the test answers the batch with chosen results in the payload the state
 * machine's {@code ResumeConversation} sends, and the real {@link ToolContinuationHandler} stores them and resumes
 * the conversation with the real openai-java client against {@code FakeOpenAi}.
 */
class ToolContinuationScenarioTest {

    private static final String CONN = "conn-tools=";
    private static final String FILLER = "One moment while I look that up.";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Scenario scenario = new Scenario();
    private final ToolContinuationHandler continuation = new ToolContinuationHandler(
            MessagePorts.of(scenario.ports, TurnBudget.INTEGRATION_TIMEOUT));

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void storesASingleResultThenAsksTheModelAgainWithToolsStillOfferedAndSpeaksItsReply() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");

        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER);
        ToolBatch batch = onlyBatch();
        assertThat(batch.turn()).isEqualTo(1);
        assertThat(batch.step()).isEqualTo(1);
        assertThat(StepFunctionsToolRunner.executionName(batch.callSid(), batch.turn(), batch.step()))
                .isEqualTo(Scenario.CALL_SID + "-t1-s1");

        scenario.openAi.enqueue(Reply.text("Your order is out for delivery."));
        Map<String, Object> answer = deliver(batch, ToolResult.ok("call_o", "lookup_order",
                "{\"status\":\"out for delivery\"}"));

        assertThat(answer).containsEntry("stored", 1).containsEntry("continued", "ASKED_MODEL");
        assertThat(scenario.history(CONN)).filteredOn(m -> m.kind() == HistoryMessage.Kind.TOOL).singleElement()
                .satisfies(m -> {
                    assertThat(m.sortKey()).isEqualTo("MSG#000001#001#tool#call_o");
                    assertThat(m.toolName()).isEqualTo("lookup_order");
                    assertThat(m.content()).isEqualTo("{\"status\":\"out for delivery\"}");
                });
        assertThat(scenario.openAi.requests()).hasSize(2);
        ChatRequest again = scenario.openAi.requests().get(1);
        assertThat(again.messages()).extracting(ChatRequest.Message::role)
                .containsSubsequence("system", "user", "assistant", "tool");
        assertThat(again.lastMessage("assistant").orElseThrow().toolCalls()).extracting(ToolCall::id)
                .containsExactly("call_o");
        assertThat(again.lastMessage("tool").orElseThrow()).satisfies(tool -> {
            assertThat(tool.toolCallId()).isEqualTo("call_o");
            assertThat(tool.content()).isEqualTo("{\"status\":\"out for delivery\"}");
        });
        assertThat(again.tools()).extracting(ChatRequest.Tool::name).contains("lookup_order", "verify_account");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "Your order is out for delivery.");
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        assertThat(scenario.history(CONN).getLast()).satisfies(m -> {
            assertThat(m.sortKey()).isEqualTo("MSG#000001#002#assistant");
            assertThat(m.content()).isEqualTo("Your order is out for delivery.");
        });
        assertThat(scenario.state(CONN).turn()).isEqualTo(1);
    }

    @Test
    void answersTwoParallelCallsWithOneContinuationThatHearsBothResults() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(
                ToolCall.of("call_a", "lookup_order", "{\"orderNumber\":\"111111\"}"),
                ToolCall.of("call_b", "lookup_order", "{\"orderNumber\":\"222222\"}")));
        scenario.prompt(CONN, "Where are orders 111111 and 222222?");
        ToolBatch batch = onlyBatch();
        assertThat(batch.calls()).extracting(c -> c.toolCallId()).containsExactly("call_a", "call_b");

        scenario.openAi.enqueue(Reply.text("The first is delivered and the second is in the oven."));
        Map<String, Object> answer = deliver(batch,
                ToolResult.ok("call_a", "lookup_order", "{\"status\":\"delivered\"}"),
                ToolResult.ok("call_b", "lookup_order", "{\"status\":\"in the oven\"}"));

        assertThat(answer).containsEntry("stored", 2);
        assertThat(scenario.history(CONN)).filteredOn(m -> m.kind() == HistoryMessage.Kind.TOOL)
                .extracting(HistoryMessage::toolCallId).containsExactly("call_a", "call_b");
        assertThat(scenario.openAi.requests()).hasSize(2);
        List<ChatRequest.Message> toolMessages = scenario.openAi.requests().get(1).messages().stream()
                .filter(m -> m.role().equals("tool")).toList();
        assertThat(toolMessages).extracting(ChatRequest.Message::toolCallId).containsExactly("call_a", "call_b");
        assertThat(toolMessages).extracting(ChatRequest.Message::content)
                .containsExactly("{\"status\":\"delivered\"}", "{\"status\":\"in the oven\"}");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "The first is delivered and the second is in the oven.");
    }

    @Test
    void chainsASecondToolCallFromTheContinuationAtTheNextStep() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_1", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is my order? My PIN is 4321.");
        ToolBatch first = onlyBatch();

        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_2", "verify_account", "{\"digits\":\"4321\"}")));
        deliver(first, ToolResult.ok("call_1", "lookup_order", "{\"status\":\"needs verification\"}"));

        assertThat(scenario.tools.batches()).hasSize(2);
        ToolBatch second = scenario.tools.batches().get(1);
        assertThat(second.turn()).isEqualTo(1);
        assertThat(second.step()).isEqualTo(2);
        assertThat(second.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("verify_account"));
        assertThat(StepFunctionsToolRunner.executionName(second.callSid(), second.turn(), second.step()))
                .isEqualTo(Scenario.CALL_SID + "-t1-s2");
        assertThat(scenario.history(CONN)).filteredOn(HistoryMessage::hasToolCalls).extracting(HistoryMessage::sortKey)
                .containsExactly("MSG#000001#001#assistant", "MSG#000001#002#assistant");

        scenario.openAi.enqueue(Reply.text("Thanks, you're verified: the order is on its way."));
        deliver(second, ToolResult.ok("call_2", "verify_account", "{\"verified\":true}"));

        assertThat(scenario.openAi.requests()).hasSize(3);
        ChatRequest third = scenario.openAi.requests().get(2);
        assertThat(third.messages()).filteredOn(m -> m.role().equals("tool")).extracting(ChatRequest.Message::toolCallId)
                .containsExactly("call_1", "call_2");
        assertThat(third.tools()).isNotEmpty();
        assertThat(scenario.spoken(CONN)).endsWith("Thanks, you're verified: the order is on its way.");
        assertThat(scenario.history(CONN).getLast().sortKey()).isEqualTo("MSG#000001#003#assistant");
    }

    @Test
    void stopsOfferingToolsPastTheUseCasesMaxToolSteps() {
        scenario.putUseCase("test", Scenario.resource("/usecases/test.json")
                .replace("\"maxToolSteps\": 3", "\"maxToolSteps\": 2"));
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_1", "lookup_order", "{\"orderNumber\":\"1\"}")));
        scenario.prompt(CONN, "Check order 1.");
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_2", "lookup_order", "{\"orderNumber\":\"2\"}")));
        deliver(scenario.tools.batches().get(0), ToolResult.ok("call_1", "lookup_order", "{\"status\":\"unknown\"}"));
        scenario.openAi.enqueue(Reply.text("I couldn't find either order, sorry."));

        deliver(scenario.tools.batches().get(1), ToolResult.ok("call_2", "lookup_order", "{\"status\":\"unknown\"}"));

        assertThat(scenario.tools.batches()).extracting(ToolBatch::step).containsExactly(1, 2);
        List<ChatRequest> requests = scenario.openAi.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).tools()).isNotEmpty();
        assertThat(requests.get(1).tools()).isNotEmpty();
        assertThat(requests.get(2).tools()).isEmpty();
        assertThat(requests.get(2).lastMessage("system").orElseThrow().content())
                .contains("cannot call any more tools");
        assertThat(scenario.spoken(CONN)).endsWith("I couldn't find either order, sorry.");
        assertThat(scenario.history(CONN)).extracting(HistoryMessage::kind).doesNotContain(HistoryMessage.Kind.NOTE);
        assertThat(scenario.history(CONN).getLast().sortKey()).isEqualTo("MSG#000001#003#assistant");
    }

    @Test
    void letsTheModelHearAFailedToolAndSpeaksItsApology() {
        scenario.connect(CONN);
        scenario.openAi.respondWith(request -> {
            if (request.lastMessage("tool").isEmpty()) {
                return Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}"));
            }
            String heard = request.lastMessage("tool").orElseThrow().content();
            return heard.contains("\"ok\":false")
                    ? Reply.text("I'm sorry, I couldn't look that order up just now.")
                    : Reply.text("Your order is on its way.");
        });
        scenario.prompt(CONN, "Where is order 123456?");

        deliver(onlyBatch(), ToolResult.failed("call_o", "lookup_order", "dev.switchboard.shared.tools.ToolUnavailableException",
                "The tool failed to run. Tell the caller it did not work and offer another way to help."));

        String heard = scenario.openAi.requests().get(1).lastMessage("tool").orElseThrow().content();
        assertThat(Json.read(heard).path("ok").asBoolean(true)).isFalse();
        assertThat(Json.read(heard).path("error").asText()).isEqualTo("dev.switchboard.shared.tools.ToolUnavailableException");
        assertThat(Json.read(heard).path("message").asText()).startsWith("The tool failed to run.");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "I'm sorry, I couldn't look that order up just now.");
        assertThat(scenario.frames(CONN)).noneMatch(dev.switchboard.shared.relay.OutboundMessage.End.class::isInstance);
    }

    @Test
    void storesADuplicateDeliveryOnceAndAsksTheModelOnce() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        scenario.openAi.enqueue(Reply.text("It is out for delivery."));
        ToolResult result = ToolResult.ok("call_o", "lookup_order", "{\"status\":\"out for delivery\"}");

        Map<String, Object> first = deliver(batch, result);
        Map<String, Object> second = deliver(batch, result);

        assertThat(first).containsEntry("stored", 1).containsEntry("continued", "ASKED_MODEL");
        assertThat(second).containsEntry("stored", 0).containsEntry("alreadyStored", 1)
                .containsEntry("continued", "DUPLICATE");
        assertThat(scenario.history(CONN)).filteredOn(m -> m.kind() == HistoryMessage.Kind.TOOL).hasSize(1);
        assertThat(scenario.openAi.requests()).hasSize(2);
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "It is out for delivery.");
    }

    @Test
    void asksTheModelOnceWhenTwoDeliveriesArriveAtTheSameTime() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        scenario.openAi.enqueue(Reply.text("It is out for delivery."));
        Map<String, Object> payload = payload(batch, ToolResult.ok("call_o", "lookup_order", "{\"status\":\"late\"}"));

        List<CompletableFuture<Map<String, Object>>> deliveries = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                deliveries.add(CompletableFuture.supplyAsync(() -> continuation.handleRequest(payload, null), threads));
            }
        }

        assertThat(deliveries).extracting(CompletableFuture::join).extracting(a -> a.get("continued"))
                .containsExactlyInAnyOrder("ASKED_MODEL", "DUPLICATE");
        assertThat(scenario.openAi.requests()).hasSize(2);
        assertThat(scenario.history(CONN)).filteredOn(m -> m.kind() == HistoryMessage.Kind.TOOL).hasSize(1);
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "It is out for delivery.");
    }

    @Test
    void storesTheResultsButSaysNothingWhenTheCallerInterruptedWhileToolsRan() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        scenario.send(CONN, new InboundMessage.Interrupt("One moment", 400));
        int framesBefore = scenario.frames(CONN).size();

        Map<String, Object> answer = deliver(batch, ToolResult.ok("call_o", "lookup_order", "{\"status\":\"delivered\"}"));

        assertThat(answer).containsEntry("stored", 1).containsEntry("continued", "MOVED_ON");
        assertThat(scenario.frames(CONN)).hasSize(framesBefore);
        assertThat(scenario.openAi.requests()).hasSize(1);
        assertThat(scenario.history(CONN)).filteredOn(m -> m.kind() == HistoryMessage.Kind.TOOL).singleElement()
                .satisfies(m -> assertThat(m.content()).contains("delivered"));
        assertThat(scenario.history(CONN)).filteredOn(HistoryMessage::hasToolCalls).singleElement()
                .satisfies(m -> assertThat(m.toolCalls()).isNotEmpty());

        scenario.openAi.enqueue(Reply.text("It was delivered."));
        scenario.prompt(CONN, "So where is it?");
        assertThat(scenario.openAi.requests().get(1).messages()).filteredOn(m -> m.role().equals("tool"))
                .singleElement().satisfies(m -> assertThat(m.content()).contains("delivered"));
    }

    @Test
    void saysNothingStaleWhenTheCallerSpokeAgainWhileToolsRan() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        scenario.openAi.enqueue(Reply.text("Sure, I can also tell you our hours."));
        scenario.prompt(CONN, "And when do you close?");
        String spokenBefore = scenario.spoken(CONN);

        Map<String, Object> answer = deliver(batch, ToolResult.ok("call_o", "lookup_order", "{\"status\":\"delivered\"}"));

        assertThat(answer).containsEntry("continued", "MOVED_ON");
        assertThat(scenario.spoken(CONN)).isEqualTo(spokenBefore);
        assertThat(scenario.openAi.requests()).hasSize(2);
        assertThat(scenario.state(CONN).turn()).isEqualTo(2);
        assertThat(scenario.history(CONN)).anySatisfy(m -> assertThat(m.sortKey()).isEqualTo("MSG#000001#001#tool#call_o"));
    }

    @Test
    void storesTheResultsButSaysNothingWhenTheCallerHungUpWhileToolsRan() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        // what $disconnect does (ws-connect's CallEnding), and the socket is gone
        scenario.store.markEnded(CONN, CallStatus.GONE, "disconnected");
        scenario.connections.closeConnection(CONN);
        int framesBefore = scenario.connections.postCount(CONN);

        Map<String, Object> answer = deliver(batch, ToolResult.ok("call_o", "lookup_order", "{\"status\":\"delivered\"}"));

        assertThat(answer).containsEntry("stored", 1).containsEntry("continued", "ENDED");
        assertThat(scenario.openAi.requests()).hasSize(1);
        assertThat(scenario.connections.postCount(CONN)).isEqualTo(framesBefore);
        assertThat(scenario.history(CONN)).anySatisfy(m -> assertThat(m.sortKey()).isEqualTo("MSG#000001#001#tool#call_o"));
    }

    @Test
    void rejectsAMalformedPayloadWithoutThrowingOrWriting() {
        scenario.connect(CONN);

        Map<String, Object> noConnection = continuation.handleRequest(Json.MAPPER.convertValue(Json.read(
                "{\"callSid\":\"CA1\",\"turn\":1,\"step\":1,\"results\":[{\"toolCallId\":\"c\",\"name\":\"x\",\"ok\":true,\"content\":\"{}\"}]}"),
                MAP), null);
        Map<String, Object> badTurn = continuation.handleRequest(Json.MAPPER.convertValue(Json.read(
                "{\"connectionId\":\"" + CONN + "\",\"turn\":\"soon\",\"step\":1,\"results\":[]}"), MAP), null);
        Map<String, Object> noEvent = continuation.handleRequest(null, null);

        assertThat(List.of(noConnection, badTurn, noEvent)).allSatisfy(a -> assertThat(a).containsKey("rejected"));
        assertThat(scenario.history(CONN)).isEmpty();
        assertThat(scenario.openAi.requests()).isEmpty();
    }

    @Test
    void throwsForARetryWhenAResultCannotBeStoredAndTheRetryContinues() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        ToolBatch batch = onlyBatch();
        Map<String, Object> payload = payload(batch, ToolResult.ok("call_o", "lookup_order", "{\"status\":\"late\"}"));
        scenario.dynamo.failRequests("PutItem", 400, "ValidationException");

        assertThatThrownBy(() -> continuation.handleRequest(payload, null))
                .isInstanceOf(ToolContinuation.ResultsNotStoredException.class);
        assertThat(scenario.openAi.requests()).hasSize(1);

        scenario.dynamo.clearFailures();
        scenario.openAi.enqueue(Reply.text("It is running late."));
        assertThat(continuation.handleRequest(payload, null)).containsEntry("continued", "ASKED_MODEL");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "It is running late.");
    }

    @Test
    void wiresTheRealAdaptersFromAnEnvironment() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        Env env = Env.of(Map.of(
                "TABLE_NAME", scenario.table, "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", scenario.dynamo.endpoint().toString(),
                "MANAGEMENT_API_ENDPOINT", scenario.api.endpoint().toString(),
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", scenario.openAi.baseUrl(), "OPENAI_MAX_RETRIES", "0",
                "TOOL_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:tools",
                "TOOL_FUNCTIONS", "{}"));
        ToolContinuationHandler wired = new ToolContinuationHandler(MessagePorts.fromEnv(env, AwsClients.from(env)));
        scenario.openAi.enqueue(Reply.text("Hello from the wired continuation."));

        Map<String, Object> answer = wired.handleRequest(payload(onlyBatch(),
                ToolResult.ok("call_o", "lookup_order", "{\"status\":\"late\"}")), null);

        assertThat(answer).containsEntry("continued", "ASKED_MODEL");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "Hello from the wired continuation.");
        assertThat(scenario.openAi.requests().get(1).model()).isEqualTo("gpt-test");
    }

    @Test
    void theContinuationsBudgetIsItsOwnLambdaTimeoutNotThePromptsTwentyNineSeconds() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        // the prompt's own budget ends a second from now (API Gateway received it 24 s ago)
        scenario.sendReceivedAt(CONN, new InboundMessage.Prompt("Where is order 123456?", "en-US", true),
                System.currentTimeMillis() - 24_000);
        String reply = "It left the kitchen ten minutes ago and should be with you in about twenty minutes.";
        scenario.openAi.enqueue(Reply.text(reply).tokenPace(Duration.ofMillis(120)));

        Map<String, Object> answer = continuation.handleRequest(payload(onlyBatch(),
                ToolResult.ok("call_o", "lookup_order", "{\"status\":\"out for delivery\"}")),
                LambdaContext.withRemaining(Duration.ofSeconds(60)));

        assertThat(answer).containsEntry("continued", "ASKED_MODEL");
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + reply);
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo(reply);
    }

    @Test
    void theContinuationWrapsUpBeforeItsOwnLambdaTimeout() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        String reply = "It left the kitchen ten minutes ago and should be with you in about twenty minutes, "
                + "unless the traffic on the bridge is bad again tonight, which it often is on a Friday.";
        scenario.openAi.enqueue(Reply.text(reply).tokenPace(Duration.ofMillis(350)));

        // Lambda stops this invocation in 5 s: the reply wraps up 4 s before
        Map<String, Object> answer = continuation.handleRequest(payload(onlyBatch(),
                ToolResult.ok("call_o", "lookup_order", "{\"status\":\"out for delivery\"}")),
                LambdaContext.withRemaining(Duration.ofSeconds(5)));

        assertThat(answer).containsEntry("continued", "ASKED_MODEL");
        String spoken = scenario.spoken(CONN);
        assertThat(spoken).startsWith(FILLER).endsWith("Sorry, that is taking too long. Let's keep going.");
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        HistoryMessage last = scenario.history(CONN).getLast();
        assertThat(last.sortKey()).isEqualTo("MSG#000001#002#assistant");
        assertThat(last.content()).isEqualTo(spoken.substring(FILLER.length()));
    }

    private ToolBatch onlyBatch() {
        assertThat(scenario.tools.batches()).hasSize(1);
        return scenario.tools.batches().getFirst();
    }

    private Map<String, Object> deliver(ToolBatch batch, ToolResult... results) {
        return continuation.handleRequest(payload(batch, results), null);
    }

    /** The continuation's event as the state machine sends it: JSON, parsed the way the Lambda runtime would. */
    private static Map<String, Object> payload(ToolBatch batch, ToolResult... results) {
        ToolResults delivery = new ToolResults(batch.callSid(), batch.connectionId(), batch.useCaseId(), batch.turn(),
                batch.step(), List.of(results),
                StepFunctionsToolRunner.executionName(batch.callSid(), batch.turn(), batch.step()));
        return Json.MAPPER.convertValue(Json.read(Json.write(delivery)), MAP);
    }
}
