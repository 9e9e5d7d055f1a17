package dev.switchboard.testkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Twilio's Messages REST API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}),
 * over a real socket, for the SMS tool and the local stack. It checks HTTP basic auth (account SID and auth token),
 * the form fields {@code To}, {@code From} and {@code Body} the way Twilio does, records what it accepted, and
 * answers with Twilio-shaped JSON: 201 with a message resource, or an error document
 * ({@code {"code":21211,"message":…,"more_info":…,"status":400}}).
 *
 * <pre>{@code
 * try (FakeTwilioApi twilio = FakeTwilioApi.start("AC123", "token")) {
 *     // point the client at twilio.baseUrl()
 *     twilio.failNext(503, 20500, "Internal Server Error");   // optional scripted failure
 *     assertThat(twilio.messages()).extracting(SentMessage::body).containsExactly("...");
 * }
 * }</pre>
 */
public final class FakeTwilioApi implements AutoCloseable {

    private static final Pattern MESSAGES_PATH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalHttpServer server;
    private final String accountSid;
    private final String authToken;
    private final List<SentMessage> messages = new CopyOnWriteArrayList<>();
    private final Queue<ScriptedFailure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    private FakeTwilioApi(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.server = LocalHttpServer.start(0, this::handle);
    }

    /** Starts on a free port of 127.0.0.1, accepting only these credentials. */
    public static FakeTwilioApi start(String accountSid, String authToken) {
        return new FakeTwilioApi(accountSid, authToken);
    }

    /** {@code http://127.0.0.1:port}, the value for {@code TWILIO_API_BASE_URL}. */
    public String baseUrl() {
        return server.endpoint().toString();
    }

    /** Messages accepted so far, in order. */
    public List<SentMessage> messages() {
        return List.copyOf(messages);
    }

    /** Every request received, accepted or not. */
    public int requestCount() {
        return requests.get();
    }

    /** The next request (after auth) is answered with this error instead of being accepted. */
    public void failNext(int httpStatus, int code, String message) {
        failures.add(new ScriptedFailure(httpStatus, code, message));
    }

    @Override
    public void close() {
        server.close();
    }

    private Response handle(Request request) throws IOException {
        requests.incrementAndGet();
        Matcher path = MESSAGES_PATH.matcher(request.path());
        if (!path.matches()) {
            return error(404, 20404, "The requested resource " + request.path() + " was not found");
        }
        if (!"POST".equals(request.method())) {
            return error(405, 20004, "Method not allowed");
        }
        if (!authorized(request.header("Authorization"))) {
            return error(401, 20003, "Authenticate").header("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        }
        if (!path.group(1).equals(accountSid)) {
            return error(404, 20404, "The requested resource /2010-04-01/Accounts/" + path.group(1)
                    + "/Messages.json was not found");
        }
        ScriptedFailure failure = failures.poll();
        if (failure != null) {
            return error(failure.status(), failure.code(), failure.message());
        }
        Map<String, String> form = form(request.text());
        String to = form.getOrDefault("To", "");
        String from = form.getOrDefault("From", "");
        String body = form.getOrDefault("Body", "");
        if (to.isEmpty()) {
            return error(400, 21604, "A 'To' phone number is required.");
        } else if (from.isEmpty()) {
            return error(400, 21603, "A 'From' phone number is required.");
        } else if (body.isEmpty()) {
            return error(400, 21602, "Message body is required.");
        } else if (!E164.matcher(to).matches()) {
            return error(400, 21211, "Invalid 'To' Phone Number: " + to);
        } else if (!E164.matcher(from).matches()) {
            return error(400, 21212, "Invalid From Number (From): " + from);
        } else if (body.length() > 1600) {
            return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        return accept(to, from, body);
    }

    private Response accept(String to, String from, String body) throws IOException {
        String sid = String.format("SM%032x", sequence.incrementAndGet());
        messages.add(new SentMessage(sid, accountSid, to, from, body));
        String now = RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC));
        ObjectNode json = JSON.createObjectNode().put("account_sid", accountSid).put("api_version", "2010-04-01")
                .put("body", body).put("date_created", now).putNull("date_sent").put("date_updated", now)
                .put("direction", "outbound-api").putNull("error_code").putNull("error_message").put("from", from)
                .putNull("messaging_service_sid").put("num_media", "0")
                .put("num_segments", String.valueOf(Math.max(1, (body.length() + 152) / 153))).putNull("price")
                .put("price_unit", "USD").put("sid", sid).put("status", "queued").put("to", to)
                .put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return send(201, json);
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return decoded.equals(accountSid + ":" + authToken);
    }

    private static Response error(int status, int code, String message) throws IOException {
        return send(status, JSON.createObjectNode().put("code", code).put("message", message)
                .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status));
    }

    private static Response send(int status, ObjectNode json) throws IOException {
        return Response.of(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(json));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private record ScriptedFailure(int status, int code, String message) {
    }
}
