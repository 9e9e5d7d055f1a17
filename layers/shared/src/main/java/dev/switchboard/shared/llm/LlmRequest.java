package dev.switchboard.shared.llm;

import java.util.List;

/**
 * One streamed chat completion request.
 *
 * @param model       model name; the adapter's default when empty
 * @param temperature 0..2
 * @param maxTokens   cap on the reply's tokens
 */
public record LlmRequest(String model, double temperature, int maxTokens, List<LlmMessage> messages,
                         List<ToolDefinition> tools) {
    public LlmRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
