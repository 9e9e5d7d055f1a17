package dev.switchboard.testkit.openai;

import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.errors.BadRequestException;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeOpenAiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A client that gives up when the socket is silent for a while, as a stalled stream is. */
    private static final Timeout READ_TIMEOUT = Timeout.builder()
            .read(Duration.ofMillis(700)).request(Duration.ofSeconds(30)).build();

    private final FakeOpenAi fake = FakeOpenAi.start();
    private final OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(fake.baseUrl())
            .apiKey("test-key")
            .maxRetries(0)
            .build();

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addSystemMessage("Be brief.")
                .addUserMessage("What time is it?");
    }

    private static ChatCompletionFunctionTool tool(String name) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name(name)
                .description("Tells the time")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("zone", Map.of("type", "string"))))
                        .build())
                .build()).build();
    }

    /** Reads a whole stream: content deltas, and tool-call arguments accumulated by index. */
    private record Streamed(List<String> contentDeltas, Map<Long, String> ids, Map<Long, String> names,
                            Map<Long, StringBuilder> arguments, List<String> finishReasons, List<CompletionUsage> usage,
                            List<String> roles) {
        Streamed() {
            this(new ArrayList<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
        }

        String text() {
            return String.join("", contentDeltas);
        }

        void add(ChatCompletionChunk chunk) {
            chunk.usage().ifPresent(usage::add);
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                choice.delta().role().ifPresent(r -> roles.add(r.asString()));
                choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(contentDeltas::add);
                choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                    call.id().ifPresent(id -> ids.put(call.index(), id));
                    call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name)
                            .ifPresent(n -> names.put(call.index(), n));
                    call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                            .ifPresent(a -> arguments.computeIfAbsent(call.index(), i -> new StringBuilder()).append(a));
                }
            }
        }
    }

    private Streamed stream(ChatCompletionCreateParams params) {
        return stream(client, params);
    }

    private static Streamed stream(OpenAIClient client, ChatCompletionCreateParams params) {
        Streamed streamed = new Streamed();
        try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
            response.stream().forEach(streamed::add);
        }
        return streamed;
    }

    @Test
    void streamsTextTokenByTokenThroughTheRealClient() {
        Reply.Completion reply = Reply.text("Hello there, how can I help?")
                .firstTokenDelay(Duration.ofMillis(20)).tokenPace(Duration.ofMillis(2));
        fake.enqueue(reply);

        Streamed streamed = stream(params().build());

        assertThat(streamed.text()).isEqualTo("Hello there, how can I help?");
        assertThat(streamed.contentDeltas()).containsExactly("Hello", " there", ",", " how", " can", " I", " help", "?");
        assertThat(streamed.roles()).containsExactly("assistant");
        assertThat(streamed.finishReasons()).containsExactly("stop");
        assertThat(streamed.usage()).isEmpty();
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.COMPLETED);
        assertThat(fake.tokensSent(0)).isEqualTo(reply.tokens().size()).isEqualTo(8);
    }

    @Test
    void sendsAUsageChunkLastWhenTheClientAsksForIt() {
        fake.enqueue(Reply.text("Two tokens."));

        Streamed streamed = stream(params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertThat(streamed.text()).isEqualTo("Two tokens.");
        assertThat(streamed.usage()).singleElement().satisfies(usage -> {
            assertThat(usage.completionTokens()).isEqualTo(3);
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + 3);
        });
    }

    @Test
    void streamsTwoParallelToolCallsWithArgumentsInPieces() {
        fake.enqueue(Reply.toolCalls(
                ToolCall.of("call_1", "get_time", "{\"zone\":\"UTC\"}"),
                ToolCall.of("call_2", "get_weather", "{\"city\":\"Paris\",\"unit\":\"C\"}")));

        Streamed streamed = stream(params().addTool(tool("get_time")).addTool(tool("get_weather")).build());

        assertThat(streamed.contentDeltas()).isEmpty();
        assertThat(streamed.ids()).containsExactly(Map.entry(0L, "call_1"), Map.entry(1L, "call_2"));
        assertThat(streamed.names()).containsExactly(Map.entry(0L, "get_time"), Map.entry(1L, "get_weather"));
        assertThat(streamed.arguments().get(0L)).hasToString("{\"zone\":\"UTC\"}");
        assertThat(streamed.arguments().get(1L)).hasToString("{\"city\":\"Paris\",\"unit\":\"C\"}");
        assertThat(streamed.finishReasons()).containsExactly("tool_calls");
        assertThat(fake.tokensSent(0)).isGreaterThan(2);
    }

    @Test
    void streamsTextThenAToolCall() {
        fake.enqueue(Reply.text("Let me check.").withToolCalls(ToolCall.of("call_9", "get_time", "{}")));

        Streamed streamed = stream(params().addTool(tool("get_time")).build());

        assertThat(streamed.text()).isEqualTo("Let me check.");
        assertThat(streamed.names()).containsExactly(Map.entry(0L, "get_time"));
        assertThat(streamed.arguments().get(0L)).hasToString("{}");
        assertThat(streamed.finishReasons()).containsExactly("tool_calls");
    }

    @Test
    void recordsTheRequestTheClientSent() {
        fake.enqueue(Reply.toolCalls(ToolCall.of("call_1", "get_time", "{\"zone\":\"UTC\"}")));
        Streamed first = stream(params().addTool(tool("get_time")).temperature(0.2).maxCompletionTokens(120).build());

        stream(params().addTool(tool("get_time"))
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(first.ids().get(0L))
                                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name(first.names().get(0L)).arguments(first.arguments().get(0L).toString())
                                        .build())
                                .build())
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(first.ids().get(0L))
                        .content("12:00").build())
                .build());

        List<ChatRequest> requests = fake.awaitRequests(2, WAIT);
        ChatRequest firstRequest = requests.get(0);
        assertThat(firstRequest.index()).isZero();
        assertThat(firstRequest.path()).isEqualTo("/v1/chat/completions");
        assertThat(firstRequest.apiKey()).isEqualTo("test-key");
        assertThat(firstRequest.model()).isEqualTo("gpt-4o-mini");
        assertThat(firstRequest.temperature()).contains(0.2);
        assertThat(firstRequest.maxTokens()).contains(120);
        assertThat(firstRequest.stream()).isTrue();
        assertThat(firstRequest.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_time");
            assertThat(t.description()).isEqualTo("Tells the time");
            assertThat(t.parameters().path("type").asText()).isEqualTo("object");
        });
        assertThat(firstRequest.messages()).extracting(ChatRequest.Message::role).containsExactly("system", "user");
        assertThat(firstRequest.lastMessage("user")).hasValueSatisfying(
                m -> assertThat(m.content()).isEqualTo("What time is it?"));

        ChatRequest second = requests.get(1);
        assertThat(second.stream()).isTrue();
        assertThat(second.temperature()).isEmpty();
        assertThat(second.messages()).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "assistant", "tool");
        assertThat(second.messages().get(2).toolCalls())
                .containsExactly(ToolCall.of("call_1", "get_time", "{\"zone\":\"UTC\"}"));
        assertThat(second.messages().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(second.messages().get(3).content()).isEqualTo("12:00");
    }

    @Test
    void surfacesA429AsTheClientsRateLimitException() {
        fake.enqueue(Reply.error(429, "rate_limit_exceeded"));

        assertThatThrownBy(() -> stream(params().build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.code()).contains("rate_limit_exceeded");
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.FAILED);
    }

    @Test
    void surfacesA500AsTheClientsInternalServerException() {
        fake.enqueue(Reply.error(500, "server_error"));

        assertThatThrownBy(() -> stream(params().build()))
                .isInstanceOfSatisfying(InternalServerException.class,
                        e -> assertThat(e.type()).contains("server_error"));
    }

    @Test
    void surfacesA401AsTheClientsUnauthorizedException() {
        fake.enqueue(Reply.error(401, "invalid_api_key"));

        assertThatThrownBy(() -> stream(params().build())).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void retriesAfterA429WhenTheClientAllowsIt() {
        fake.enqueue(Reply.error(429, "rate_limit_exceeded").retryAfter(Duration.ofMillis(10)));
        fake.enqueue(Reply.text("Second time lucky."));
        OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("k")
                .maxRetries(1).build();
        try {
            assertThat(stream(retrying, params().build()).text()).isEqualTo("Second time lucky.");
        } finally {
            retrying.close();
        }
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void breaksTheStreamMidReplyWhenToldToDisconnect() {
        fake.enqueue(Reply.text("One two three four five six seven.").disconnectAfterTokens(3));
        Streamed streamed = new Streamed();

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> response =
                         client.chat().completions().createStreaming(params().build())) {
                response.stream().forEach(streamed::add);
            }
        }).isInstanceOfSatisfying(OpenAIIoException.class,
                e -> assertThat(e).hasRootCauseInstanceOf(java.io.EOFException.class));

        assertThat(streamed.contentDeltas()).containsExactly("One", " two", " three");
        assertThat(streamed.finishReasons()).isEmpty();
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.DISCONNECTED);
        assertThat(fake.tokensSent(0)).isEqualTo(3);
    }

    @Test
    void recordsThatTheClientClosedTheStreamEarly() {
        Reply.Completion reply = Reply.text("word ".repeat(200).trim()).tokenPace(Duration.ofMillis(5));
        fake.enqueue(reply);
        List<String> received = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> response =
                     client.chat().completions().createStreaming(params().build())) {
            Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
            while (received.size() < 3 && chunks.hasNext()) {
                chunks.next().choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty())
                        .ifPresent(received::add));
            }
        }

        assertThat(received).hasSize(3);
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
        assertThat(fake.clientClosedEarly(0)).isTrue();
        assertThat(fake.tokensSent(0)).isGreaterThanOrEqualTo(3).isLessThan(reply.tokens().size());
    }

    @Test
    void stallsMidReplyUntilTheClientTimesOut() {
        fake.enqueue(Reply.text("One two three four.").stallAfterTokens(2));
        Streamed streamed = new Streamed();
        OpenAIClient impatient = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("k")
                .maxRetries(0).timeout(READ_TIMEOUT).build();
        try {
            assertThatThrownBy(() -> {
                try (StreamResponse<ChatCompletionChunk> response =
                             impatient.chat().completions().createStreaming(params().build())) {
                    response.stream().forEach(streamed::add);
                }
            }).isInstanceOf(OpenAIIoException.class);
        } finally {
            impatient.close();
        }

        assertThat(streamed.contentDeltas()).containsExactly("One", " two");
        assertThat(fake.tokensSent(0)).isEqualTo(2);
        assertThat(fake.clientClosedEarly(0)).isFalse();
        fake.close();
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.STALLED);
    }

    @Test
    void holdsTheResponseHeadersBackWhenToldTo() {
        fake.enqueue(Reply.text("Late.").headersDelay(Duration.ofSeconds(5)));
        OpenAIClient impatient = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("k")
                .maxRetries(0).timeout(READ_TIMEOUT).build();
        try {
            // the client's read timeout covers the wait for the headers: nothing at all came back
            assertThatThrownBy(() -> impatient.chat().completions().createStreaming(params().build()))
                    .isInstanceOf(OpenAIIoException.class);
        } finally {
            impatient.close();
        }
        assertThat(fake.tokensSent(0)).isZero();
        assertThat(fake.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
    }

    @Test
    void turnsAFailingResponderIntoA500() {
        fake.respondWith(request -> {
            throw new IllegalStateException("script has no line for this");
        });

        assertThatThrownBy(() -> stream(params().build()))
                .isInstanceOfSatisfying(InternalServerException.class,
                        e -> assertThat(e.code()).contains("fake_responder_failed"));
    }

    @Test
    void asksTheResponderWhenNothingIsQueuedAndLetsQueuedRepliesWin() {
        fake.respondWith(request -> Reply.text("You said: " + request.lastMessage("user").orElseThrow().content()));
        fake.enqueue(Reply.text("Queued first."));

        assertThat(fake.queued()).isEqualTo(1);

        assertThat(stream(params().build()).text()).isEqualTo("Queued first.");
        assertThat(fake.queued()).isZero();
        assertThat(stream(params().build()).text()).isEqualTo("You said: What time is it?");
    }

    @Test
    void saysAFixedSentenceByDefault() {
        assertThat(stream(params().build()).text()).isEqualTo(FakeOpenAi.DEFAULT_TEXT);
    }

    @Test
    void servesThePathWithoutV1Too() {
        OpenAIClient bare = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + fake.port())
                .apiKey("k").maxRetries(0).build();
        try {
            assertThat(stream(bare, params().build()).text()).isEqualTo(FakeOpenAi.DEFAULT_TEXT);
        } finally {
            bare.close();
        }
        assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/chat/completions"));
    }

    @Test
    void failsAwaitingRequestsThatNeverCome() {
        assertThatThrownBy(() -> fake.awaitRequests(1, Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("got 0");
    }

    @Test
    void refusesARequestThatDoesNotStream() {
        assertThatThrownBy(() -> client.chat().completions().create(params().build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).contains("stream_required"));
    }
}
