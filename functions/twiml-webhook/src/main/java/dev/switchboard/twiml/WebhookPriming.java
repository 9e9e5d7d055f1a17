package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.aws.SdkPriming;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import dev.switchboard.shared.snapstart.SampleCallSessions;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SnapStart priming of the webhook functions: a signed sample webhook, read by Jackson into the real API Gateway
 * event type, goes through the same {@link TwilioWebhook} edge (form parsing, signature HMAC) and the same
 * {@link CallAnswerer} / {@link ConnectAction} as a call, with the sample use case parsed from an in-memory
 * DynamoDB item and sessions in memory; then a DynamoDB {@code GetItem} stopped before it is sent. The sample is
 * signed with a fixed priming key, never the real auth token (which must not be read before the snapshot).
 */
final class WebhookPriming {

    private static final Secret PRIMING_KEY = Secret.of("snapstart-priming-key");
    private static final InstantSource FIXED_CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T12:00:00Z"));

    private WebhookPriming() {
    }

    /** For {@link TwimlHandler}: an incoming call answered with ConversationRelay TwiML. */
    static Priming voice(WebhookSettings settings) {
        return Priming.of("twiml-webhook",
                Priming.step("voice-webhook", () -> {
                    CallAnswerer answerer = new CallAnswerer(PrimingSamples.useCases(), new SampleCallSessions(),
                            twiml(settings), FIXED_CLOCK);
                    String body = post(settings.voiceUrl(), answerer::answer, callParams());
                    expect(body, "<ConversationRelay");
                }),
                SdkPriming.dynamoDbGetItem());
    }

    /**
     * For {@link ConnectActionHandler}: a handoff ({@code <Enqueue>} with its task), a dropped socket (reconnect) and
     * a failure no reconnect fixes (the connection-lost phrase and the handoff).
     */
    static Priming action(WebhookSettings settings) {
        return Priming.of("twiml-action",
                Priming.step("connect-action", () -> {
                    SampleCallSessions sessions = new SampleCallSessions();
                    sessions.create(CallSession.created(PrimingSamples.CALL_SID,
                            PrimingSamples.USE_CASE_ID, PrimingSamples.CALLER, PrimingSamples.CALLED, "AC0",
                            FIXED_CLOCK.instant(), Map.of()));
                    ConnectAction action = new ConnectAction(PrimingSamples.useCases(), sessions, sessions,
                            CallLanguages.none(), twiml(settings), 2);
                    Map<String, String> handoff = new LinkedHashMap<>(callParams());
                    handoff.put("CallStatus", "in-progress");
                    handoff.put("SessionStatus", "ended");
                    handoff.put("HandoffData", Json.write(HandoffData.handoff("caller_request", "wants a person", "en-US")));
                    expect(post(settings.actionUrl(), action::answer, handoff), "<Enqueue");
                    Map<String, String> dropped = new LinkedHashMap<>(callParams());
                    dropped.put("CallStatus", "in-progress");
                    dropped.put("SessionStatus", "failed");
                    dropped.put("ErrorCode", ConnectAction.SOCKET_ENDED);
                    expect(post(settings.actionUrl(), action::answer, dropped), "<ConversationRelay");
                    Map<String, String> rejected = new LinkedHashMap<>(dropped);
                    rejected.put("ErrorCode", "64101");
                    expect(post(settings.actionUrl(), action::answer, rejected), "<Say");
                }),
                SdkPriming.dynamoDbGetItem());
    }

    private static CallTwiml twiml(WebhookSettings settings) {
        return new CallTwiml(settings.websocketUrl(), settings.actionUrl());
    }

    private static Map<String, String> callParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("CallSid", PrimingSamples.CALL_SID);
        params.put("CallStatus", "ringing");
        params.put("Direction", "inbound");
        params.put("From", PrimingSamples.CALLER);
        params.put("To", PrimingSamples.CALLED);
        params.put("FromCountry", "US");
        return params;
    }

    /** Posts the params as Twilio would (form body, Base64 as API Gateway passes it, signed) and returns the body. */
    private static String post(String url, Function<Map<String, String>, String> answer, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "POST /twiml").put("rawPath", "/twiml")
                .put("rawQueryString", "").put("isBase64Encoded", true)
                .put("body", Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
        event.putObject("headers").put("content-type", "application/x-www-form-urlencoded")
                .put("x-twilio-signature", new TwilioSignature(PRIMING_KEY.value()).sign(url, params));
        event.putObject("requestContext").put("requestId", "priming").putObject("http").put("method", "POST");
        APIGatewayV2HTTPEvent request = Json.MAPPER.convertValue(event, APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPResponse response = new TwilioWebhook(PRIMING_KEY, url).handle(request, answer);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("the priming webhook got status " + response.getStatusCode());
        }
        return response.getBody();
    }

    private static void expect(String twiml, String element) {
        if (!twiml.contains(element)) {
            throw new IllegalStateException("the priming webhook answered without " + element);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
