package dev.switchboard.shared.tools;

import java.util.List;
import java.util.Map;

/**
 * The configured tool calls of one model step. {@code (connectionId, turn, step)} identifies the batch: tool
 * results go to history under {@code MSG#{turn}#{step}#tool#{toolCallId}} and the continuation asks the model again
 * at step {@code step + 1}.
 *
 * @param callFacts what tools may need about the call: {@code from}, {@code to}, {@code language}, …
 */
public record ToolBatch(String callSid, String connectionId, String useCaseId, int turn, int step,
                        List<ToolCallRequest> calls, Map<String, String> callFacts) {
    public ToolBatch {
        calls = List.copyOf(calls);
        callFacts = Map.copyOf(callFacts);
    }

    /** A name for the batch that is the same every time it is started (an idempotency key / execution name). */
    public String batchId() {
        String id = connectionId.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + turn + "-" + step;
        return id.length() > 80 ? id.substring(id.length() - 80) : id;
    }
}
