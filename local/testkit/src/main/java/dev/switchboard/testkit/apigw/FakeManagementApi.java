package dev.switchboard.testkit.apigw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The API Gateway WebSocket management endpoint ({@code @connections}) on 127.0.0.1, for the real
 * {@code ApiGatewayManagementApiClient} ({@code endpointOverride(fake.endpoint())}, any static credentials):
 * <ul>
 *   <li>{@code POST /{stage}/@connections/{id}}: the body is one frame → 200</li>
 *   <li>{@code GET /{stage}/@connections/{id}}: {@code connectedAt}, {@code lastActiveAt}, {@code identity} → 200</li>
 *   <li>{@code DELETE /{stage}/@connections/{id}}: closes the connection → 204</li>
 * </ul>
 * An unknown or closed connection is a 410 with {@code x-amzn-ErrorType: GoneException}, which the SDK throws as
 * {@code GoneException}. Like API Gateway it answers 403 {@code ForbiddenException} to an unsigned request or a
 * wrong stage, and 413 {@code PayloadTooLargeException} to a frame over 128 KB. Frames go to a {@link Connections}.
 */
public final class FakeManagementApi implements AutoCloseable {

    /** API Gateway's limit on a WebSocket message. */
    public static final int MAX_FRAME_BYTES = 128 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS = "/@connections/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String stage;
    private final Connections connections;

    private FakeManagementApi(HttpServer server, ExecutorService executor, String stage, Connections connections) {
        this.server = server;
        this.executor = executor;
        this.stage = stage;
        this.connections = connections;
    }

    /** Starts on a free port with stage {@code dev} and a fresh {@link RecordingConnections}. */
    public static FakeManagementApi start() {
        return start("dev", new RecordingConnections());
    }

    /** Starts on a free port with stage {@code dev}, delivering to {@code connections}. */
    public static FakeManagementApi start(Connections connections) {
        return start("dev", connections);
    }

    /** Starts on a free port with this stage, delivering to {@code connections}. */
    public static FakeManagementApi start(String stage, Connections connections) {
        return start(0, stage, connections);
    }

    /** Starts on this port of 127.0.0.1 (0 = a free one), for a local stack with a fixed configuration. */
    public static FakeManagementApi start(int port, String stage, Connections connections) {
        Objects.requireNonNull(connections, "connections");
        if (stage.isEmpty() || stage.contains("/")) {
            throw new IllegalArgumentException("a stage is one non-empty path segment: " + stage);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            FakeManagementApi api = new FakeManagementApi(server, executor, stage, connections);
            server.createContext("/", api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake management API", e);
        }
    }

    /** What to pass to {@code endpointOverride}, e.g. {@code http://127.0.0.1:PORT/dev}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage);
    }

    public String stage() {
        return stage;
    }

    public Connections connections() {
        return connections;
    }

    /**
     * The recording connections this fake delivers to.
     *
     * @throws IllegalStateException when it was started with other {@link Connections}
     */
    public RecordingConnections recording() {
        if (connections instanceof RecordingConnections recording) {
            return recording;
        }
        throw new IllegalStateException("started with " + connections.getClass().getName());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            byte[] body = readBody(exchange.getRequestBody());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                sendError(exchange, 403, "ForbiddenException", "Missing Authentication Token");
                return;
            }
            String prefix = "/" + stage + CONNECTIONS;
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawId = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : "";
            if (rawId.isEmpty() || rawId.contains("/")) {
                sendError(exchange, 403, "ForbiddenException", "Forbidden");
                return;
            }
            Optional<String> connectionId = PercentDecoding.decode(rawId);
            if (connectionId.isEmpty()) {
                sendError(exchange, 400, "BadRequestException", "Invalid connection id");
                return;
            }
            String id = connectionId.get();
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange, id, body);
                case "GET" -> get(exchange, id);
                case "DELETE" -> delete(exchange, id);
                default -> sendError(exchange, 403, "ForbiddenException", "Forbidden");
            }
        }
    }

    private void post(HttpExchange exchange, String connectionId, byte[] frame) throws IOException {
        if (frame.length > MAX_FRAME_BYTES) {
            sendError(exchange, 413, "PayloadTooLargeException", "Request entity too large");
        } else if (connections.send(connectionId, frame)) {
            exchange.sendResponseHeaders(200, -1);
        } else {
            gone(exchange);
        }
    }

    private void get(HttpExchange exchange, String connectionId) throws IOException {
        Optional<ConnectionInfo> info = connections.info(connectionId);
        if (info.isEmpty()) {
            gone(exchange);
            return;
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("connectedAt", iso(info.get().connectedAt()));
        json.putObject("identity")
                .put("sourceIp", info.get().sourceIp())
                .put("userAgent", info.get().userAgent());
        json.put("lastActiveAt", iso(info.get().lastActiveAt()));
        sendJson(exchange, 200, json);
    }

    private void delete(HttpExchange exchange, String connectionId) throws IOException {
        if (connections.close(connectionId)) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            gone(exchange);
        }
    }

    private static void gone(HttpExchange exchange) throws IOException {
        sendError(exchange, 410, "GoneException", "The connection is gone");
    }

    private static void sendError(HttpExchange exchange, int status, String errorType, String message)
            throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        sendJson(exchange, status, JSON.createObjectNode().put("message", message));
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** RFC 3986 percent-decoding of one path segment ({@code +} stays {@code +}, unlike form decoding). */
    static final class PercentDecoding {

        private PercentDecoding() {
        }

        static Optional<String> decode(String segment) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c != '%') {
                    byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    bytes.write(raw, 0, raw.length);
                    continue;
                }
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            }
            return Optional.of(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
