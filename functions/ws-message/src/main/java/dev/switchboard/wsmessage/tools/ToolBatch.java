package dev.switchboard.wsmessage.tools;

import dev.switchboard.shared.conversation.ConversationState;
import java.util.LinkedHashMap;
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

    /**
     * The batch of a call's tool calls at {@code (turn, step)}. A connection nobody set up uses its connection id as
     * the call's id, so batches never collide; the call facts are the state's plus {@code callSid}, {@code from},
     * {@code to} and the call's {@code language}.
     */
    public static ToolBatch forCall(ConversationState state, String useCaseId, String language, int turn, int step,
                                    List<ToolCallRequest> calls) {
        String callId = state.callSid().isEmpty() ? "conn-" + state.connectionId() : state.callSid();
        Map<String, String> facts = new LinkedHashMap<>(state.facts());
        facts.put("callSid", state.callSid());
        facts.put("from", state.from());
        facts.put("to", state.to());
        facts.put("language", language);
        return new ToolBatch(callId, state.connectionId(), useCaseId, turn, step, calls, facts);
    }
}
