package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * API Gateway HTTP API events from src/test/resources/events (generated and signed by generate-events.mjs with
 * Twilio's helper library), and action callbacks built from them for tables of cases.
 */
final class Events {

    /** The call part of every action callback, as in generate-events.mjs. */
    private static final Map<String, String> ACTION_CALL = Map.of(
            "AccountSid", "AC00000000000000000000000000000001",
            "ApplicationSid", "AP00000000000000000000000000000001",
            "CallSid", Fixtures.CALL_SID,
            "CallStatus", "in-progress",
            "Direction", "inbound",
            "From", Fixtures.CALLER,
            "To", Fixtures.CALLED,
            "SessionId", "VX00000000000000000000000000000001",
            "SessionDuration", "93");

    private Events() {
    }

    static APIGatewayV2HTTPEvent load(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no event " + name);
            }
            return Json.MAPPER.readValue(in, APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An action callback with {@code params} over the call's own ones (an empty value leaves the parameter out),
     * form-encoded and signed with the auth token by {@link TwilioSignature} (which TwilioSignatureTest checks against
     * vectors from Twilio's own helper library).
     */
    static APIGatewayV2HTTPEvent action(Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>(ACTION_CALL);
        form.putAll(params);
        form.values().removeIf(String::isEmpty);
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        APIGatewayV2HTTPEvent event = load("action-dropped-socket");
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        headers.put("x-twilio-signature", new TwilioSignature(Fixtures.AUTH_TOKEN)
                .sign(Fixtures.settings().actionUrl(), form));
        event.setHeaders(headers);
        event.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        return event;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
