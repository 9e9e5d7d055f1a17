package dev.switchboard.shared.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes ConversationRelay frames. Parsing is lenient the way Twilio needs: unknown properties are
 * ignored, unknown or missing {@code type}s and broken JSON become {@link InboundMessage.Unknown} instead of an
 * exception, {@code durationUntilInterruptMs} may be a number or a numeric string, and a prompt without
 * {@code last} counts as final (Twilio only sends {@code last: false} for partial prompts).
 */
public final class RelayProtocol {

    /** API Gateway's WebSocket frame limit; a larger Twilio frame is not a frame we understand. */
    public static final int MAX_FRAME_CHARS = 32 * 1024;

    private RelayProtocol() {
    }

    public static InboundMessage parse(String frame) {
        if (frame == null || frame.isBlank()) {
            return new InboundMessage.Unknown("", "malformed");
        }
        if (frame.length() > MAX_FRAME_CHARS) {
            return new InboundMessage.Unknown("", "too-large");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            return new InboundMessage.Unknown("", "malformed");
        }
        if (node == null || !node.isObject()) {
            return new InboundMessage.Unknown("", "malformed");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            return new InboundMessage.Unknown("", "missing-type");
        }
        return switch (type.asText()) {
            case "setup" -> new InboundMessage.Setup(text(node, "sessionId"), text(node, "accountSid"),
                    text(node, "parentCallSid"), text(node, "callSid"), text(node, "from"), text(node, "to"),
                    text(node, "forwardedFrom"), text(node, "callerName"), text(node, "callType"),
                    text(node, "direction"), text(node, "callStatus"), stringMap(node.get("customParameters")));
            case "prompt" -> new InboundMessage.Prompt(text(node, "voicePrompt"), text(node, "lang"),
                    !node.has("last") || node.get("last").asBoolean(true));
            case "interrupt" -> new InboundMessage.Interrupt(text(node, "utteranceUntilInterrupt"),
                    lenientLong(node.get("durationUntilInterruptMs")));
            case "dtmf" -> new InboundMessage.Dtmf(text(node, "digit"));
            case "info" -> new InboundMessage.Info(text(node, "name"), text(node, "value"),
                    lenientLong(node.get("ts")));
            case "error" -> new InboundMessage.Error(text(node, "description"));
            default -> new InboundMessage.Unknown(truncate(type.asText()), "unknown-type");
        };
    }

    /** Serialises an inbound frame as Twilio sends it (for the simulated caller and tests). */
    public static String write(InboundMessage message) {
        return Json.write(message);
    }

    /** Serialises an outbound frame; optional fields that are null are omitted. */
    public static String write(OutboundMessage message) {
        return Json.write(message);
    }

    /** Reads a frame the app sent (for the simulated caller and tests); throws on anything else. */
    public static OutboundMessage parseOutbound(String frame) {
        try {
            return Json.MAPPER.readValue(frame, OutboundMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an outbound ConversationRelay frame", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }

    private static long lenientLong(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return (long) Double.parseDouble(value.asText().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> stringMap(JsonNode value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.isObject()) {
            value.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), e.getValue().isContainerNode() ? e.getValue().toString() : e.getValue().asText());
                }
            });
        }
        return map;
    }

    private static String truncate(String type) {
        return type.length() > 40 ? type.substring(0, 40) : type;
    }
}
