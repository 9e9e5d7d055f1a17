package dev.switchboard.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes on the wire, checked without a client that might forgive a mistake. */
class FakeOpenAiWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAi fake = FakeOpenAi.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> chunks(String sse) throws Exception {
        assertThat(sse).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : sse.substring(0, sse.length() - "data: [DONE]\n\n".length()).split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            chunks.add(JSON.readTree(event.substring("data: ".length())));
        }
        return chunks;
    }

    @Test
    void streamsServerSentEventsInOpenAisChunkFormat() throws Exception {
        fake.enqueue(Reply.text("Hi, you."));

        HttpResponse<String> response = post("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<JsonNode> chunks = chunks(response.body());
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asText()).isEqualTo(chunks.get(0).path("id").asText()).startsWith("chatcmpl-");
            assertThat(c.path("created").isIntegralNumber()).isTrue();
            assertThat(c.path("model").asText()).isEqualTo("gpt-4o-mini");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(0).at("/choices/0/index").asInt()).isZero();
        assertThat(chunks).hasSize(7);
        assertThat(chunks.subList(1, 5)).extracting(c -> c.at("/choices/0/delta/content").asText())
                .containsExactly("Hi", ",", " you", ".");
        assertThat(chunks.subList(0, chunks.size() - 2))
                .allSatisfy(c -> assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue());
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void streamsToolCallsWithAHeaderDeltaThenArgumentPieces() throws Exception {
        fake.enqueue(Reply.toolCalls(ToolCall.of("call_a", "get_time", "{\"zone\":\"UTC\"}"),
                ToolCall.of("call_b", "get_date", "{}")));

        List<JsonNode> chunks = chunks(post("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"time and date?"}]}""").body());

        JsonNode first = chunks.get(0).at("/choices/0/delta");
        assertThat(first.path("role").asText()).isEqualTo("assistant");
        assertThat(first.path("content").isNull()).isTrue();
        assertThat(first.at("/tool_calls/0/index").asInt()).isZero();
        assertThat(first.at("/tool_calls/0/id").asText()).isEqualTo("call_a");
        assertThat(first.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(first.at("/tool_calls/0/function/name").asText()).isEqualTo("get_time");
        assertThat(first.at("/tool_calls/0/function/arguments").asText()).isEmpty();

        List<JsonNode> calls = chunks.stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                .filter(c -> !c.isMissingNode()).toList();
        StringBuilder zero = new StringBuilder();
        StringBuilder one = new StringBuilder();
        for (JsonNode call : calls) {
            (call.path("index").asInt() == 0 ? zero : one).append(call.at("/function/arguments").asText());
        }
        assertThat(zero).hasToString("{\"zone\":\"UTC\"}");
        assertThat(one).hasToString("{}");
        List<JsonNode> pieces = calls.stream().filter(c -> !c.has("id")).toList();
        assertThat(pieces).isNotEmpty().allSatisfy(p -> {
            assertThat(p.has("type")).isFalse();
            assertThat(p.at("/function/name").isMissingNode()).isTrue();
        });
        assertThat(calls.stream().filter(c -> c.has("id")).map(c -> c.path("id").asText()))
                .containsExactly("call_a", "call_b");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void answersErrorsWithOpenAisErrorBody() throws Exception {
        fake.enqueue(Reply.error(429, "rate_limit_exceeded"));

        HttpResponse<String> response = post("{\"model\":\"m\",\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("type").asText()).isNotEmpty();
        assertThat(error.path("message").asText()).isNotEmpty();
    }

    @Test
    void answersAnUnknownPathWith404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fake.requests()).isEmpty();
    }
}
