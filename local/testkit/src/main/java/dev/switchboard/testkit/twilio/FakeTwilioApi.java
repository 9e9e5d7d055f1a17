package dev.switchboard.testkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private final HttpServer server;
    private final String accountSid;
    private final String authToken;
    private final List<SentMessage> messages = new CopyOnWriteArrayList<>();
    private final Deque<ScriptedFailure> failures = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    private FakeTwilioApi(HttpServer server, String accountSid, String authToken) {
        this.server = server;
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    /** Starts on a free port of 127.0.0.1, accepting only these credentials. */
    public static FakeTwilioApi start(String accountSid, String authToken) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeTwilioApi api = new FakeTwilioApi(server, accountSid, authToken);
            server.createContext("/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Twilio API", e);
        }
    }

    /** {@code http://127.0.0.1:port}, the value for {@code TWILIO_API_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
    public synchronized void failNext(int httpStatus, int code, String message) {
        failures.add(new ScriptedFailure(httpStatus, code, message));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            Matcher path = MESSAGES_PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                error(exchange, 404, 20404, "The requested resource " + exchange.getRequestURI().getPath()
                        + " was not found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, 20004, "Method not allowed");
                return;
            }
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
                error(exchange, 401, 20003, "Authenticate");
                return;
            }
            if (!path.group(1).equals(accountSid)) {
                error(exchange, 404, 20404, "The requested resource /2010-04-01/Accounts/" + path.group(1)
                        + "/Messages.json was not found");
                return;
            }
            ScriptedFailure failure = nextFailure();
            if (failure != null) {
                error(exchange, failure.status(), failure.code(), failure.message());
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String to = form.getOrDefault("To", "");
            String from = form.getOrDefault("From", "");
            String body = form.getOrDefault("Body", "");
            if (to.isEmpty()) {
                error(exchange, 400, 21604, "A 'To' phone number is required.");
            } else if (from.isEmpty()) {
                error(exchange, 400, 21603, "A 'From' phone number is required.");
            } else if (body.isEmpty()) {
                error(exchange, 400, 21602, "Message body is required.");
            } else if (!E164.matcher(to).matches()) {
                error(exchange, 400, 21211, "Invalid 'To' Phone Number: " + to);
            } else if (!E164.matcher(from).matches()) {
                error(exchange, 400, 21212, "Invalid From Number (From): " + from);
            } else if (body.length() > 1600) {
                error(exchange, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
            } else {
                accept(exchange, to, from, body);
            }
        }
    }

    private void accept(HttpExchange exchange, String to, String from, String body) throws IOException {
        String sid = String.format("SM%032x", sequence.incrementAndGet());
        messages.add(new SentMessage(sid, accountSid, to, from, body));
        String now = RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC));
        ObjectNode json = JSON.createObjectNode();
        json.put("account_sid", accountSid);
        json.put("api_version", "2010-04-01");
        json.put("body", body);
        json.put("date_created", now);
        json.put("date_sent", (String) null);
        json.put("date_updated", now);
        json.put("direction", "outbound-api");
        json.put("error_code", (String) null);
        json.put("error_message", (String) null);
        json.put("from", from);
        json.put("messaging_service_sid", (String) null);
        json.put("num_media", "0");
        json.put("num_segments", String.valueOf(Math.max(1, (body.length() + 152) / 153)));
        json.put("price", (String) null);
        json.put("price_unit", "USD");
        json.put("sid", sid);
        json.put("status", "queued");
        json.put("to", to);
        json.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        send(exchange, 201, json);
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

    private synchronized ScriptedFailure nextFailure() {
        return failures.poll();
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("code", code);
        json.put("message", message);
        json.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        json.put("status", status);
        send(exchange, status, json);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
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
