package dev.switchboard.local.caller;

import com.fasterxml.jackson.databind.JsonNode;

/** What the simulated caller receives on the ConversationRelay socket (app → Twilio messages), parsed. */
public sealed interface RelayEvent {

    /** When it arrived ({@link System#nanoTime()}), for ordering and pacing, never for asserts. */
    long receivedAt();

    record Text(String token, boolean last, String lang, long receivedAt) implements RelayEvent {
    }

    record Play(String source, long receivedAt) implements RelayEvent {
    }

    record SendDigits(String digits, long receivedAt) implements RelayEvent {
    }

    record Language(String ttsLanguage, String transcriptionLanguage, long receivedAt) implements RelayEvent {
    }

    /** {@code end}: the session is over; {@code handoffData} is the string Twilio passes to the action URL. */
    record End(String handoffData, long receivedAt) implements RelayEvent {
    }

    /** A frame Twilio would not understand (e.g. API Gateway's "Internal server error"), or an unknown type. */
    record Unknown(String raw, long receivedAt) implements RelayEvent {
    }

    /** The socket closed. */
    record Closed(int code, String reason, long receivedAt) implements RelayEvent {
    }

    static RelayEvent parse(String frame, long now) {
        JsonNode json;
        try {
            json = dev.switchboard.shared.json.Json.read(frame);
        } catch (RuntimeException e) {
            return new Unknown(frame, now);
        }
        if (json == null || !json.isObject()) {
            return new Unknown(frame, now);
        }
        return switch (json.path("type").asText()) {
            case "text" -> json.path("token").isTextual()
                    ? new Text(json.path("token").asText(), json.path("last").asBoolean(false), json.path("lang").asText(""), now)
                    : new Unknown(frame, now);
            case "play" -> new Play(json.path("source").asText(), now);
            case "sendDigits" -> new SendDigits(json.path("digits").asText(), now);
            case "language" -> new Language(json.path("ttsLanguage").asText(""), json.path("transcriptionLanguage").asText(""), now);
            case "end" -> new End(json.path("handoffData").asText(""), now);
            default -> new Unknown(frame, now);
        };
    }
}
