package dev.switchboard.wsmessage.tools;

import java.util.List;
import java.util.Map;

/**
 * The configured tool calls of one model step. {@code (callSid or connectionId, turn, step)} identifies the batch.
 * {@code step} is the step of the assistant message that holds the calls (1 for the model's first answer in a
 * turn): the tool results go to history under {@code MSG#{turn}#{step}#tool#{toolCallId}}
 * ({@code HistoryMessage.toolResult(turn, step, …)}) and the continuation calls
 * {@code ConversationEngine.continueAfterTools(connectionId, turn, step)}, which asks the model again at
 * {@code step + 1}.
 *
 * @param callFacts what tools may need about the call: {@code from}, {@code to}, {@code language}, …
 */
public record ToolBatch(String callSid, String connectionId, String useCaseId, int turn, int step,
                        List<ToolCallRequest> calls, Map<String, String> callFacts) {
    public ToolBatch {
        calls = List.copyOf(calls);
        callFacts = Map.copyOf(callFacts);
    }
}
