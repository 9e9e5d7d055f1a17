package dev.switchboard.shared.tools;

import java.util.Map;

/**
 * What the state machine passes to a tool function (see {@code statemachine/tools.asl.json}, state
 * {@code InvokeTool}): one tool call of the model plus the facts of the call it belongs to.
 *
 * @param toolCallId the model's id for this call; the result carries it back
 * @param name       the tool's name as the model called it (a key of the use case's {@code tools})
 * @param arguments  the arguments exactly as the model wrote them: a JSON text, not yet validated
 * @param callSid    Twilio's call id
 * @param useCaseId  the use case whose config defines the tool
 * @param callFacts  facts about the call: {@code from} (the caller's E.164 number), {@code to}, {@code language}
 */
public record ToolRequest(String toolCallId, String name, String arguments, String callSid, String useCaseId,
                          Map<String, String> callFacts) {

    public ToolRequest {
        callFacts = Map.copyOf(callFacts);
    }

    /** A call fact, empty string when absent. */
    public String fact(String key) {
        return callFacts.getOrDefault(key, "");
    }
}
