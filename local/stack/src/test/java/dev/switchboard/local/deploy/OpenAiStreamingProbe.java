package dev.switchboard.local.deploy;

import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.wsmessage.OpenAiLlm;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.LlmStream;
import dev.switchboard.wsmessage.llm.ToolCallAssembler;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Streams one model reply through ws-message's own {@link OpenAiLlm} (openai-java underneath), from inside a class
 * loader that holds only the packaged jars: {@link PackagedOpenAiIT} loads this class there, where nothing of the
 * test classpath is visible. Arguments and results are JDK types only, so they cross the class-loader boundary.
 *
 * <p>Arguments: {@code baseUrl}, {@code apiKey}, {@code prompt}, and optionally {@code toolResult} (then the
 * request carries the assistant's earlier call {@code call_1} of {@code get_pickup_time} and this result, as the
 * tool continuation sends them). Results: {@code tokens}, {@code toolCalls} (each {@code [id, name, arguments]}),
 * {@code finishReasons}, {@code completionTokens} (-1 without a usage delta); or, when the model fails,
 * {@code error} (the {@link LlmException.Kind}) and {@code cause} (the SDK exception's simple class name).
 */
public final class OpenAiStreamingProbe implements Function<Map<String, String>, Map<String, Object>> {

    public OpenAiStreamingProbe() {
    }

    @Override
    public Map<String, Object> apply(Map<String, String> args) {
        OpenAiLlm llm = new OpenAiLlm(new OpenAiLlm.Settings(args.get("apiKey"), args.get("baseUrl"), "gpt-4o-mini",
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), 0));
        List<LlmMessage> messages = new ArrayList<>();
        messages.add(new LlmMessage.System("You take orders for a restaurant."));
        messages.add(new LlmMessage.User(args.get("prompt")));
        if (args.containsKey("toolResult")) {
            messages.add(new LlmMessage.Assistant("", List.of(new ToolCall("call_1", "get_pickup_time", "{\"items\":2}"))));
            messages.add(new LlmMessage.ToolResult("call_1", args.get("toolResult")));
        }
        ToolDefinition pickupTime = new ToolDefinition("get_pickup_time", "When an order for pickup will be ready",
                Map.of("type", "object", "properties", Map.of("items", Map.of("type", "integer"))));
        LlmRequest request = new LlmRequest("", 0.3, 200, messages, List.of(pickupTime));

        List<String> tokens = new ArrayList<>();
        ToolCallAssembler calls = new ToolCallAssembler();
        List<String> finishReasons = new ArrayList<>();
        long completionTokens = -1;
        Map<String, Object> result = new LinkedHashMap<>();
        try (LlmStream stream = llm.stream(request)) {
            for (Optional<LlmDelta> delta = stream.next(); delta.isPresent(); delta = stream.next()) {
                switch (delta.get()) {
                    case LlmDelta.Text text -> tokens.add(text.text());
                    case LlmDelta.ToolCallPiece piece -> calls.accept(piece);
                    case LlmDelta.Finished finished -> finishReasons.add(finished.reason());
                    case LlmDelta.Usage usage -> completionTokens = usage.completionTokens();
                }
            }
        } catch (LlmException e) {
            result.put("error", e.kind().name());
            result.put("cause", e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
            return result;
        }
        result.put("tokens", List.copyOf(tokens));
        result.put("toolCalls", calls.calls().stream().map(c -> List.of(c.id(), c.name(), c.argumentsJson())).toList());
        result.put("finishReasons", List.copyOf(finishReasons));
        result.put("completionTokens", completionTokens);
        return result;
    }
}
