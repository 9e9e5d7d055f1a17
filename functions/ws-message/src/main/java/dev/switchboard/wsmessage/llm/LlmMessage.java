package dev.switchboard.wsmessage.llm;

import dev.switchboard.shared.llm.ToolCall;
import java.util.List;

/** A message of the conversation sent to the model. */
public sealed interface LlmMessage {

    record System(String content) implements LlmMessage {
    }

    record User(String content) implements LlmMessage {
    }

    /** What the model said; {@code content} may be empty when it only called tools. */
    record Assistant(String content, List<ToolCall> toolCalls) implements LlmMessage {
        public Assistant {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** The result of tool call {@code toolCallId}, as text (usually JSON). */
    record ToolResult(String toolCallId, String content) implements LlmMessage {
    }
}
