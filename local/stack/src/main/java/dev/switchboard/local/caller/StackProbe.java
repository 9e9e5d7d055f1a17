package dev.switchboard.local.caller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.stack.ToolCallRecord;
import dev.switchboard.shared.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks a local stack what it knows about a call ({@code GET /_local/calls/{callSid}} next to the webhook): whether
 * anything still runs for it, and the tool calls it made. A deployed stack has no such endpoint:
 * {@link #available()} is then false and the caller falls back to waiting for quiet.
 */
public final class StackProbe {

    /** The stack's answer. */
    public record CallStatus(boolean busy, List<ToolCallRecord> toolCalls) {
        public CallStatus {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private volatile Boolean available;

    public StackProbe(String webhookUrl) {
        URI uri = URI.create(webhookUrl);
        this.base = uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Whether the stack answers the probe (checked once, lazily). */
    public boolean available(String callSid) {
        if (available == null) {
            available = fetch(callSid).isPresent();
        }
        return available;
    }

    public Optional<CallStatus> status(String callSid) {
        if (Boolean.FALSE.equals(available)) {
            return Optional.empty();
        }
        return fetch(callSid);
    }

    private Optional<CallStatus> fetch(String callSid) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/_local/calls/" + URLEncoder.encode(callSid, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode json = Json.read(response.body());
            if (!json.has("busy")) {
                return Optional.empty();
            }
            List<ToolCallRecord> calls = new ArrayList<>();
            for (JsonNode call : json.path("toolCalls")) {
                calls.add(Json.MAPPER.convertValue(call, ToolCallRecord.class));
            }
            return Optional.of(new CallStatus(json.path("busy").asBoolean(), calls));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
