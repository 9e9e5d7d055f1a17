package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.wsmessage.llm.LlmMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns history into the model's message list: the system prompt first, then every message in order. A tool call
 * whose result is not in history (the tool is still running, or failed without a result) gets a placeholder result,
 * because the Chat Completions API rejects a tool call that is not followed by its result.
 */
public final class ModelMessages {

    static final String NO_RESULT = "{\"status\":\"no result yet\"}";

    private ModelMessages() {
    }

    public static List<LlmMessage> of(String systemPrompt, List<HistoryMessage> chronological) {
        List<LlmMessage> out = new ArrayList<>(chronological.size() + 1);
        out.add(new LlmMessage.System(systemPrompt));
        Map<String, Boolean> open = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (HistoryMessage m : chronological) {
            if (m.kind() != HistoryMessage.Kind.TOOL) {
                closeOpenCalls(open, out);
            }
            switch (m.kind()) {
                case USER -> out.add(new LlmMessage.User(m.content()));
                case NOTE -> out.add(new LlmMessage.System(m.content()));
                case ASSISTANT -> {
                    if (m.hasToolCalls()) {
                        out.add(new LlmMessage.Assistant(m.content(), m.toolCalls()));
                        for (ToolCall call : m.toolCalls()) {
                            open.put(call.id(), true);
                        }
                    } else if (!m.content().isEmpty()) {
                        out.add(new LlmMessage.Assistant(m.content(), List.of()));
                    }
                }
                case TOOL -> {
                    if (open.remove(m.toolCallId()) != null && answered.add(m.toolCallId())) {
                        out.add(new LlmMessage.ToolResult(m.toolCallId(), m.content()));
                    }
                }
            }
        }
        closeOpenCalls(open, out);
        return out;
    }

    private static void closeOpenCalls(Map<String, Boolean> open, List<LlmMessage> out) {
        for (String id : open.keySet()) {
            out.add(new LlmMessage.ToolResult(id, NO_RESULT));
        }
        open.clear();
    }
}
