package dev.switchboard.shared.tools;

import java.util.List;

/**
 * What the state machine hands to the continuation function (state {@code ResumeConversation}): every result of
 * one tool step, in the order the model asked, and the execution's name (deterministic per call, turn and step,
 * so a redelivered payload can be recognised).
 */
public record ToolResults(String callSid, String connectionId, String useCaseId, int turn, int step,
                          List<ToolResult> results, String execution) {

    public ToolResults {
        results = List.copyOf(results);
    }
}
