package dev.switchboard.shared.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent asks for when it ends the ConversationRelay session: the {@code handoffData} string of the
 * {@code end} message (written by ws-message), which Twilio passes to the {@code <Connect action>} callback as
 * {@code HandoffData}. JSON: {@code {"action":"handoff"|"hangup","reason":"…","summary":"…","language":"en-US"}}.
 *
 * @param action   {@code handoff} (route per the use case's handoff config) or {@code hangup}
 * @param reason   {@code caller_request}, {@code dtmf}, {@code failures}, {@code limit}, {@code goodbye}
 * @param summary  one line for the human who takes over; may be empty
 * @param language the conversation's language when it ended; may be empty
 */
public record HandoffData(String action, String reason, String summary, String language) {

    public static final String HANDOFF = "handoff";
    public static final String HANGUP = "hangup";

    public static HandoffData handoff(String reason, String summary, String language) {
        return new HandoffData(HANDOFF, reason, summary, language);
    }

    public static HandoffData hangup(String reason, String summary, String language) {
        return new HandoffData(HANGUP, reason, summary, language);
    }

    public boolean isHangup() {
        return HANGUP.equals(action);
    }

    /** The JSON string to put in the {@code end} message's {@code handoffData}. */
    public String toJson() {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("action", action);
        json.put("reason", reason);
        json.put("summary", summary);
        json.put("language", language);
        return Json.write(json);
    }

    /**
     * Reads {@code HandoffData}. Anything that is not a JSON object with a {@code hangup} action counts as a
     * handoff request (the agent ended the session on purpose; a person is the safe place to send the caller), with
     * reason {@code unreadable} when the text is not JSON.
     */
    public static HandoffData parse(String text) {
        JsonNode node;
        try {
            node = Json.read(text);
        } catch (UncheckedIOException e) {
            return handoff("unreadable", "", "");
        }
        if (node == null || !node.isObject()) {
            return handoff("unreadable", "", "");
        }
        String action = HANGUP.equals(node.path("action").asText()) ? HANGUP : HANDOFF;
        return new HandoffData(action, node.path("reason").asText(""), node.path("summary").asText(""),
                node.path("language").asText(""));
    }
}
