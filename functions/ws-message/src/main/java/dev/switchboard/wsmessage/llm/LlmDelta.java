package dev.switchboard.wsmessage.llm;

/** One piece of a streamed reply. */
public sealed interface LlmDelta {

    /** Reply text, never empty. */
    record Text(String text) implements LlmDelta {
    }

    /**
     * A piece of a tool call: the first piece of call {@code index} carries its {@code id} and {@code name}, later
     * pieces carry more of {@code arguments} (empty strings where a piece has nothing). Assemble with
     * {@link ToolCallAssembler}.
     */
    record ToolCallPiece(int index, String id, String name, String arguments) implements LlmDelta {
    }

    /** The model finished: {@code stop}, {@code tool_calls}, {@code length}, {@code content_filter}. */
    record Finished(String reason) implements LlmDelta {
    }

    /** Token counts for the request, when the model reports them (the last chunk). */
    record Usage(int promptTokens, int completionTokens) implements LlmDelta {
    }
}
