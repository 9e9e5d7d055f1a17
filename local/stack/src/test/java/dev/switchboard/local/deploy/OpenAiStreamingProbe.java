package dev.switchboard.local.deploy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Drives openai-java's Chat Completions streaming path the way ws-message does, from inside a class loader that
 * holds only the packaged jars ({@link PackagedOpenAiIT} loads this class there; nothing else of the test classpath
 * is visible). Arguments and results are JDK types only, so they cross the class-loader boundary.
 *
 * <p>Arguments: {@code baseUrl}, {@code apiKey}, {@code prompt}, and optionally {@code toolResult} (then the
 * request carries an assistant tool call {@code call_1} and this tool result, as a continuation does). Results:
 * {@code tokens}, {@code toolCallIds}, {@code toolNames}, {@code toolArguments} (by index), {@code finishReasons},
 * {@code completionTokens} (from the usage chunk, -1 without one); or {@code error} (the exception's simple class
 * name) and {@code status}.
 *
 * <p>Phase 2 (deploy issue): once ws-message's own OpenAI adapter is in main, drive that instead of the SDK.
 */
public final class OpenAiStreamingProbe implements Function<Map<String, String>, Map<String, Object>> {

    public OpenAiStreamingProbe() {
    }

    @Override
    public Map<String, Object> apply(Map<String, String> args) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args.get("baseUrl")).apiKey(args.get("apiKey"))
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addSystemMessage("You take orders for a restaurant.")
                    .addUserMessage(args.get("prompt"))
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .addTool(tool());
            if (args.containsKey("toolResult")) {
                params.addMessage(ChatCompletionAssistantMessageParam.builder()
                                .addToolCall(ChatCompletionMessageToolCall.ofFunction(ChatCompletionMessageFunctionToolCall.builder()
                                        .id("call_1")
                                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                                .name("get_pickup_time").arguments("{\"items\":2}").build())
                                        .build()))
                                .build())
                        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1")
                                .content(args.get("toolResult")).build());
            }
            return stream(client, params.build());
        } catch (OpenAIServiceException e) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("error", e.getClass().getSimpleName());
            failure.put("status", e.statusCode());
            return failure;
        } finally {
            client.close();
        }
    }

    private static Map<String, Object> stream(OpenAIClient client, ChatCompletionCreateParams params) {
        List<String> tokens = new ArrayList<>();
        Map<Long, String> ids = new TreeMap<>();
        Map<Long, String> names = new TreeMap<>();
        Map<Long, StringBuilder> arguments = new TreeMap<>();
        List<String> finish = new ArrayList<>();
        long[] completionTokens = {-1};
        try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
            response.stream().forEach(chunk -> {
                chunk.usage().ifPresent(u -> completionTokens[0] = u.completionTokens());
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(tokens::add);
                    choice.finishReason().ifPresent(r -> finish.add(r.asString()));
                    for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                        call.id().ifPresent(id -> ids.put(call.index(), id));
                        call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name)
                                .ifPresent(n -> names.put(call.index(), n));
                        call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                                .ifPresent(a -> arguments.computeIfAbsent(call.index(), i -> new StringBuilder()).append(a));
                    }
                }
            });
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tokens", List.copyOf(tokens));
        result.put("toolCallIds", List.copyOf(ids.values()));
        result.put("toolNames", List.copyOf(names.values()));
        result.put("toolArguments", arguments.values().stream().map(StringBuilder::toString).toList());
        result.put("finishReasons", List.copyOf(finish));
        result.put("completionTokens", completionTokens[0]);
        return result;
    }

    private static ChatCompletionFunctionTool tool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_pickup_time")
                .description("When an order for pickup will be ready")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("items", Map.of("type", "integer"))))
                        .build())
                .build()).build();
    }
}
