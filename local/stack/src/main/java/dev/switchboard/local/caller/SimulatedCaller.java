package dev.switchboard.local.caller;

import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Acts like Twilio for one call: POSTs the voice webhook with a valid {@code X-Twilio-Signature}, reads the TwiML,
 * opens the {@code <ConversationRelay>} WebSocket URL with a signed upgrade, sends {@code setup} (the
 * {@code <Parameter>}s as {@code customParameters}), then sends {@code prompt}, {@code dtmf} and {@code interrupt}
 * frames on request. Everything the app sends arrives as {@link RelayEvent}s, in a queue and to an optional
 * listener. When the app sends {@code end}, or the caller hangs up, it closes the socket and POSTs the
 * {@code <Connect action>} URL (signed) like Twilio, and keeps the TwiML that came back.
 */
public final class SimulatedCaller implements AutoCloseable {

    /**
     * Who calls whom, and where.
     *
     * @param webhookUrl the voice webhook URL exactly as configured in Twilio (what is signed)
     * @param authToken  the Twilio auth token to sign with
     * @param from       the caller's number
     * @param to         the number called
     */
    public record Settings(String webhookUrl, String authToken, String from, String to, String accountSid,
                           String callSid) {

        public static Settings of(String webhookUrl, String authToken, String from, String to) {
            return new Settings(webhookUrl, authToken, from, to, "AC" + hex(16), "CA" + hex(16));
        }
    }

    /** The call could not go on: a webhook answered with an error status, the upgrade was refused, no relay TwiML. */
    public static final class CallException extends Exception {
        private final int status;

        CallException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status that refused the call (0 when there was none). */
        public int status() {
            return status;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final HttpClient http;
    private final TwilioSignature signature;
    private final BlockingQueue<RelayEvent> events = new LinkedBlockingQueue<>();
    private final String sessionId = "VX" + hex(16);
    private volatile Consumer<RelayEvent> listener = e -> { };
    private volatile RelayTwiml answer;
    private volatile WebSocket socket;
    private volatile long connectedAt;
    private volatile boolean ended;
    private volatile Optional<String> actionTwiml = Optional.empty();

    public SimulatedCaller(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.signature = new TwilioSignature(settings.authToken());
    }

    public Settings settings() {
        return settings;
    }

    public String callSid() {
        return settings.callSid();
    }

    /** Receives every event as it arrives (on the socket's thread: print, do not block). */
    public void onEvent(Consumer<RelayEvent> listener) {
        this.listener = listener;
    }

    /** POSTs the voice webhook (signed) and returns the parsed TwiML. */
    public RelayTwiml dial() throws CallException {
        HttpResponse<String> response = post(settings.webhookUrl(), Map.of("AccountSid", settings.accountSid(),
                "ApiVersion", "2010-04-01", "CallSid", settings.callSid(), "CallStatus", "ringing",
                "Called", settings.to(), "Caller", settings.from(), "Direction", "inbound", "From", settings.from(),
                "To", settings.to()));
        if (response.statusCode() != 200) {
            throw new CallException("the voice webhook answered " + response.statusCode() + ": " + response.body(),
                    response.statusCode());
        }
        answer = RelayTwiml.parse(response.body());
        return answer;
    }

    /** Opens the relay WebSocket with a signed upgrade and sends {@code setup}. */
    public void connect() throws CallException {
        RelayTwiml.Relay relay = relay();
        String url = relay.url();
        try {
            socket = http.newWebSocketBuilder()
                    .header("X-Twilio-Signature", signature.sign(url, Map.of()))
                    .header("User-Agent", "Twilio.TmeWs/1.0")
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), new Listener())
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new CallException("the WebSocket upgrade was refused with " + refused.getResponse().statusCode(),
                        refused.getResponse().statusCode());
            }
            throw new CallException("cannot connect to " + url + ": " + e.getCause(), 0);
        }
        connectedAt = System.nanoTime();
        send(Map.ofEntries(Map.entry("type", "setup"), Map.entry("sessionId", sessionId),
                Map.entry("callSid", settings.callSid()), Map.entry("parentCallSid", ""), Map.entry("from", settings.from()),
                Map.entry("to", settings.to()), Map.entry("forwardedFrom", settings.to()), Map.entry("callerName", ""),
                Map.entry("direction", "inbound"), Map.entry("callType", "PSTN"), Map.entry("callStatus", "RINGING"),
                Map.entry("accountSid", settings.accountSid()), Map.entry("applicationSid", ""),
                Map.entry("customParameters", relay.parameters())));
    }

    /** The caller said {@code text} (a final transcript). */
    public void say(String text) {
        send(Map.of("type", "prompt", "voicePrompt", text, "lang", relayLanguage(), "last", true));
    }

    /** The caller pressed these keys, one {@code dtmf} frame each. */
    public void dtmf(String digits) {
        for (char digit : digits.toCharArray()) {
            if (!Character.isWhitespace(digit)) {
                send(Map.of("type", "dtmf", "digit", String.valueOf(digit)));
            }
        }
    }

    /** The caller barged in after hearing {@code heard} of the agent's reply. */
    public void interrupt(String heard, long durationMillis) {
        send(Map.of("type", "interrupt", "utteranceUntilInterrupt", heard, "durationUntilInterruptMs", durationMillis));
    }

    /** The caller hung up: closes the socket and POSTs the action URL with {@code CallStatus=completed}. */
    public Optional<String> hangup() throws CallException {
        return finish(true, "completed", "completed", Map.of());
    }

    /** The next event, waiting at most {@code timeout}. */
    public Optional<RelayEvent> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    public boolean ended() {
        return ended;
    }

    public RelayTwiml answer() {
        return answer;
    }

    /** When the socket has the {@code end} frame: close it and follow the action URL like Twilio does. */
    public Optional<String> endSession(String handoffData) throws CallException {
        return finish(true, "in-progress", "ended", handoffData.isEmpty() ? Map.of() : Map.of("HandoffData", handoffData));
    }

    /** The socket dropped without {@code end}: Twilio reports a failed session (64105) to the action URL. */
    public Optional<String> sessionFailed() throws CallException {
        return finish(false, "in-progress", "failed", Map.of("ErrorCode", "64105",
                "ErrorMessage", "ConversationRelay WebSocket ended"));
    }

    @Override
    public void close() {
        closeSocket();
    }

    // ------------------------------------------------------------------------------------------ internals

    /** Ends the session once: closes the socket if asked, then follows the action URL like Twilio. */
    private Optional<String> finish(boolean closeSocket, String callStatus, String sessionStatus,
                                    Map<String, String> extra) throws CallException {
        if (ended) {
            return actionTwiml;
        }
        ended = true;
        if (closeSocket) {
            closeSocket();
        }
        Optional<RelayTwiml.Relay> relay = answer == null ? Optional.empty() : answer.relay();
        if (relay.isEmpty() || relay.get().actionUrl().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", settings.accountSid());
        params.put("CallSid", settings.callSid());
        params.put("CallStatus", callStatus);
        params.put("Direction", "inbound");
        params.put("From", settings.from());
        params.put("To", settings.to());
        params.put("SessionId", sessionId);
        params.put("SessionStatus", sessionStatus);
        params.put("SessionDuration", Long.toString(connectedAt == 0 ? 0
                : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - connectedAt)));
        params.putAll(extra);
        HttpResponse<String> response = post(relay.get().actionUrl(), params);
        if (response.statusCode() != 200) {
            throw new CallException("the action URL answered " + response.statusCode() + ": " + response.body(),
                    response.statusCode());
        }
        actionTwiml = Optional.of(response.body());
        return actionTwiml;
    }

    private HttpResponse<String> post(String url, Map<String, String> params) throws CallException {
        String body = params.entrySet().stream().map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature.sign(url, params))
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallException("cannot reach " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is the stack running?", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException("interrupted while calling " + url, 0);
        }
    }

    private RelayTwiml.Relay relay() throws CallException {
        if (answer == null) {
            throw new CallException("dial first", 0);
        }
        return answer.relay().orElseThrow(() -> new CallException(
                "the webhook answered without <Connect><ConversationRelay>: " + answer.xml(), 0));
    }

    private String relayLanguage() {
        return answer == null ? "en-US" : answer.relay().map(RelayTwiml.Relay::language).orElse("en-US");
    }

    private void send(Map<String, ?> frame) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            throw new IllegalStateException("the call is not connected");
        }
        synchronized (this) {
            ws.sendText(Json.write(frame), true).join();
        }
    }

    private void closeSocket() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                ws.abort();
            }
        }
    }

    private void deliver(RelayEvent event) {
        events.add(event);
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // a printing problem must not break the call
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Assembles text messages from their fragments and turns them into events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                deliver(RelayEvent.parse(frame, System.nanoTime()));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            deliver(new RelayEvent.Closed(statusCode, reason, System.nanoTime()));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            deliver(new RelayEvent.Closed(1006, String.valueOf(error.getMessage()), System.nanoTime()));
        }
    }
}
