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

    /** How the caller shows a frame other than text: {@code play URL}, {@code end {..}}, {@code socket closed 1000}. */
    default String describe() {
        return switch (this) {
            case Text t -> t.token();
            case Play p -> "play " + p.source();
            case SendDigits d -> "sendDigits " + d.digits();
            case Language l -> "language tts=" + l.ttsLanguage() + " stt=" + l.transcriptionLanguage();
            case End e -> "end " + e.handoffData();
            case Unknown u -> "unexpected frame " + u.raw();
            case Closed c -> "socket closed " + c.code() + (c.reason().isEmpty() ? "" : " " + c.reason());
        };
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
