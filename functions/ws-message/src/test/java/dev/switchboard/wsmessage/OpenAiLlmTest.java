package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.aws.RotatingSecret;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.LlmStream;
import dev.switchboard.wsmessage.llm.ToolCallAssembler;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiLlmTest {

    private final FakeOpenAi fake = FakeOpenAi.start();
    private final OpenAiLlm llm = new OpenAiLlm(new OpenAiLlm.Settings("sk-test", fake.baseUrl(), "gpt-default",
            Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(20), 0));

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void streamsTextDeltasAndUsage() {
        fake.enqueue(Reply.text("Hello there, friend."));

        List<LlmDelta> deltas = drain(llm.stream(request(List.of())));

        StringBuilder text = new StringBuilder();
        deltas.stream().filter(LlmDelta.Text.class::isInstance).forEach(d -> text.append(((LlmDelta.Text) d).text()));
        assertThat(text.toString()).isEqualTo("Hello there, friend.");
        assertThat(deltas).contains(new LlmDelta.Finished("stop"));
        assertThat(deltas).anyMatch(d -> d instanceof LlmDelta.Usage u && u.completionTokens() > 0);
        ChatRequest sent = fake.requests().getFirst();
        assertThat(sent.apiKey()).isEqualTo("sk-test");
        assertThat(sent.model()).isEqualTo("gpt-default");
        assertThat(sent.includeUsage()).isTrue();
        assertThat(sent.maxTokens()).contains(100);
        assertThat(sent.temperature()).contains(0.2);
    }

    @Test
    void assemblesStreamedToolCallsAndSendsToolsAndHistory() {
        fake.enqueue(Reply.toolCalls(dev.switchboard.testkit.openai.ToolCall.of("call_1", "lookup_order",
                "{\"orderNumber\":\"123456\"}")));
        ToolDefinition tool = new ToolDefinition("lookup_order", "Find an order", Map.of("type", "object",
                "properties", Map.of("orderNumber", Map.of("type", "string"))));
        LlmRequest request = new LlmRequest("gpt-x", 0.2, 100, List.of(
                new LlmMessage.System("be brief"),
                new LlmMessage.User("where is my order"),
                new LlmMessage.Assistant("", List.of(new ToolCall("call_0", "lookup_order", "{}"))),
                new LlmMessage.ToolResult("call_0", "{\"error\":\"which number?\"}"),
                new LlmMessage.User("123456")), List.of(tool));

        ToolCallAssembler calls = new ToolCallAssembler();
        drain(llm.stream(request)).stream().filter(LlmDelta.ToolCallPiece.class::isInstance)
                .forEach(d -> calls.accept((LlmDelta.ToolCallPiece) d));

        assertThat(calls.calls()).containsExactly(new ToolCall("call_1", "lookup_order", "{\"orderNumber\":\"123456\"}"));
        ChatRequest sent = fake.requests().getFirst();
        assertThat(sent.model()).isEqualTo("gpt-x");
        assertThat(sent.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("lookup_order");
            assertThat(t.parameters().path("properties").has("orderNumber")).isTrue();
        });
        assertThat(sent.messages()).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(sent.messages().get(2).toolCalls()).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo("call_0"));
        assertThat(sent.messages().get(3).toolCallId()).isEqualTo("call_0");
    }

    @Test
    void closingTheStreamCancelsTheRequest() {
        fake.enqueue(Reply.text("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                + "fifteen sixteen seventeen eighteen nineteen twenty").tokenPace(Duration.ofMillis(50)));
        LlmStream stream = llm.stream(request(List.of()));
        assertThat(stream.next()).containsInstanceOf(LlmDelta.Text.class);

        stream.close();

        assertThat(stream.next()).isEmpty();
        assertThat(fake.awaitOutcome(0, Duration.ofSeconds(5))).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
    }

    @Test
    void classifiesFailures() {
        fake.enqueue(Reply.error(429, "rate_limit_exceeded").retryAfter(Duration.ZERO));
        fake.enqueue(Reply.error(500, "server_error"));
        fake.enqueue(Reply.error(401, "invalid_api_key"));
        assertThat(failure(() -> llm.stream(request(List.of())))).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(failure(() -> llm.stream(request(List.of())))).isEqualTo(LlmException.Kind.SERVER_ERROR);
        assertThat(failure(() -> llm.stream(request(List.of())))).isEqualTo(LlmException.Kind.REJECTED);
    }

    @Test
    void failsWhenTheStreamDiesOrStalls() {
        fake.enqueue(Reply.text("One two three four five.").disconnectAfterTokens(2));
        LlmStream dropped = llm.stream(request(List.of()));
        assertThat(failure(() -> drain(dropped))).isEqualTo(LlmException.Kind.CONNECTION);

        fake.enqueue(Reply.text("One two three four five.").stallAfterTokens(2));
        LlmStream stalled = llm.stream(request(List.of()));
        assertThat(failure(() -> drain(stalled))).isEqualTo(LlmException.Kind.TIMEOUT);
    }

    @Test
    void aServerThatTakesTheRequestButSendsNoResponseIsGivenUpAtTheTimeLimit() {
        OpenAiLlm patient = new OpenAiLlm(new OpenAiLlm.Settings("sk-test", fake.baseUrl(), "gpt-default",
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), 1));
        fake.enqueue(Reply.text("Too late.").headersDelay(Duration.ofSeconds(4)));

        assertThat(failure(() -> patient.stream(limited(Duration.ofSeconds(1))))).isEqualTo(LlmException.Kind.TIMEOUT);

        // its socket was closed: the fake finds nobody to answer
        assertThat(fake.awaitOutcome(0, Duration.ofSeconds(10))).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
    }

    @Test
    void theTimeLimitCoversTheStreamedReplyToo() {
        OpenAiLlm patient = new OpenAiLlm(new OpenAiLlm.Settings("sk-test", fake.baseUrl(), "gpt-default",
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), 0));
        fake.enqueue(Reply.text("one two three four five six seven eight nine ten eleven twelve")
                .tokenPace(Duration.ofMillis(300)));

        LlmStream stream = patient.stream(limited(Duration.ofSeconds(1)));

        assertThat(failure(() -> drain(stream))).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(fake.awaitOutcome(0, Duration.ofSeconds(10))).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
    }

    @Test
    void aRejectedKeyIsReadAgainOnceAndTheRequestRetriedWithTheRotatedKey() {
        RotatingSecret key = new RotatingSecret("sk-before-rotation");
        key.rotateTo("sk-rotated");
        OpenAiLlm rotating = llm(key);
        fake.enqueue(Reply.error(401, "invalid_api_key"));
        fake.enqueue(Reply.text("Hello again."));

        List<LlmDelta> deltas = drain(rotating.stream(request(List.of())));

        assertThat(deltas).contains(new LlmDelta.Text("Hello")).contains(new LlmDelta.Finished("stop"));
        assertThat(fake.requests()).extracting(ChatRequest::apiKey).containsExactly("sk-before-rotation", "sk-rotated");
        assertThat(key.refreshes).isEqualTo(1);

        fake.enqueue(Reply.text("And again."));
        drain(rotating.stream(request(List.of())));
        assertThat(fake.requests().get(2).apiKey()).as("the new key stays").isEqualTo("sk-rotated");
        assertThat(key.refreshes).isEqualTo(1);
    }

    @Test
    void aRejectedKeyThatDidNotChangeIsNotRetried() {
        RotatingSecret key = new RotatingSecret("sk-wrong");
        fake.enqueue(Reply.error(401, "invalid_api_key"));
        fake.enqueue(Reply.text("never sent"));

        assertThat(failure(() -> llm(key).stream(request(List.of())))).isEqualTo(LlmException.Kind.REJECTED);

        assertThat(fake.requests()).hasSize(1);
        assertThat(key.refreshes).isEqualTo(1);
    }

    @Test
    void aRotatedKeyThatIsAlsoRejectedFailsAfterOneRetry() {
        RotatingSecret key = new RotatingSecret("sk-old");
        key.rotateTo("sk-also-wrong");
        fake.enqueue(Reply.error(401, "invalid_api_key"));
        fake.enqueue(Reply.error(401, "invalid_api_key"));
        fake.enqueue(Reply.text("never sent"));

        assertThat(failure(() -> llm(key).stream(request(List.of())))).isEqualTo(LlmException.Kind.REJECTED);

        assertThat(fake.requests()).hasSize(2);
        assertThat(key.refreshes).isEqualTo(1);
    }

    @Test
    void otherRejectionsDoNotTouchTheKey() {
        RotatingSecret key = new RotatingSecret("sk-test");
        fake.enqueue(Reply.error(400, "invalid_request_error"));

        assertThat(failure(() -> llm(key).stream(request(List.of())))).isEqualTo(LlmException.Kind.REJECTED);

        assertThat(key.refreshes).isZero();
    }

    @Test
    void readsTheKeyForEachRequestNotWhenBuilt() {
        RotatingSecret key = new RotatingSecret("sk-test");
        OpenAiLlm lazy = llm(key);
        assertThat(key.reads).as("building the client reads no key (SnapStart: none in the snapshot)").isZero();

        fake.enqueue(Reply.text("One."));
        fake.enqueue(Reply.text("Two."));
        drain(lazy.stream(request(List.of())));
        drain(lazy.stream(request(List.of())));

        assertThat(key.reads).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aKeyThatCannotBeReadFailsTheRequestWithoutSendingIt() {
        RotatingSecret key = new RotatingSecret("sk-test");
        key.unreadable();

        assertThatThrownBy(() -> llm(key).stream(request(List.of()))).isInstanceOf(LlmException.class);

        assertThat(fake.requests()).isEmpty();
    }

    private OpenAiLlm llm(RotatingSecret key) {
        return new OpenAiLlm(new OpenAiLlm.Settings(key, fake.baseUrl(), "gpt-default",
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(20), 0));
    }

    @Test
    void refusesMoreThanOneRetry() {
        assertThatThrownBy(() -> new OpenAiLlm.Settings("k", "", "m", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
    }

    private static LlmException.Kind failure(Runnable action) {
        try {
            action.run();
        } catch (LlmException e) {
            return e.kind();
        }
        throw new AssertionError("no LlmException");
    }

    private static List<LlmDelta> drain(LlmStream stream) {
        List<LlmDelta> deltas = new ArrayList<>();
        try (stream) {
            Optional<LlmDelta> next;
            while ((next = stream.next()).isPresent()) {
                deltas.add(next.get());
            }
        }
        return deltas;
    }

    private static LlmRequest limited(Duration timeLimit) {
        return new LlmRequest("", 0.2, 100, List.of(new LlmMessage.System("be brief"), new LlmMessage.User("count")),
                List.of(), timeLimit);
    }

    private static LlmRequest request(List<ToolDefinition> tools) {
        return new LlmRequest("", 0.2, 100, List.of(new LlmMessage.System("be brief"), new LlmMessage.User("count")),
                tools);
    }
}
