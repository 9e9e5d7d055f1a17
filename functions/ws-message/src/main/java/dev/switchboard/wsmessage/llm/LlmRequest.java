package dev.switchboard.wsmessage.llm;

import java.time.Duration;
import java.util.List;

/**
 * One streamed chat completion request.
 *
 * @param model       model name; the adapter's default when empty
 * @param temperature 0..2
 * @param maxTokens   cap on the reply's tokens
 * @param timeLimit   how long the request may take in all from when it is sent, retries and streaming included
 *                    (the turn's budget); the adapter's own request timeout applies when it is shorter
 */
public record LlmRequest(String model, double temperature, int maxTokens, List<LlmMessage> messages,
                         List<ToolDefinition> tools, Duration timeLimit) {

    /** No limit beyond the adapter's own timeouts. */
    public static final Duration NO_LIMIT = Duration.ofDays(1);

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        if (timeLimit.isNegative()) {
            timeLimit = Duration.ZERO;
        }
    }

    /** A request limited only by the adapter's own timeouts. */
    public LlmRequest(String model, double temperature, int maxTokens, List<LlmMessage> messages,
                      List<ToolDefinition> tools) {
        this(model, temperature, maxTokens, messages, tools, NO_LIMIT);
    }
}
