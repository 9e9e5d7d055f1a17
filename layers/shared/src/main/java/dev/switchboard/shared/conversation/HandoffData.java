package dev.switchboard.shared.conversation;

import dev.switchboard.shared.json.Json;

/**
 * What an {@code end} frame carries to the {@code <Connect action>} callback as {@code HandoffData}: a JSON string
 * {@code {"action":"handoff"|"hangup","reason":…,"summary":…,"language":…}}. The action route maps {@code handoff}
 * to the use case's handoff settings and {@code hangup} to {@code <Hangup/>}. Never put card data or other secrets
 * in it.
 *
 * @param action {@value #HANDOFF} or {@value #HANGUP}
 * @param reason {@code caller_request}, {@code dtmf}, {@code failures}, {@code limit}, {@code goodbye}
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

    public String toJson() {
        return Json.write(this);
    }

    public static HandoffData fromJson(String json) {
        return Json.read(json, HandoffData.class);
    }
}
