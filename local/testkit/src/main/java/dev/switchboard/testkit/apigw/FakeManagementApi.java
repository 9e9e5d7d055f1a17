package dev.switchboard.testkit.apigw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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

    private final String stage;
    private final Connections connections;
    private final LocalHttpServer server;

    private FakeManagementApi(String stage, Connections connections) {
        this.stage = stage;
        this.connections = connections;
        this.server = LocalHttpServer.start(0, this::handle);
    }

    /** Starts on a free port with stage {@code dev} and a fresh {@link RecordingConnections}. */
    public static FakeManagementApi start() {
        return start(new RecordingConnections());
    }

    /** Starts on a free port with stage {@code dev}, delivering to {@code connections}. */
    public static FakeManagementApi start(Connections connections) {
        return start("dev", connections);
    }

    /** Starts on a free port with this stage, delivering to {@code connections}. */
    public static FakeManagementApi start(String stage, Connections connections) {
        Objects.requireNonNull(connections, "connections");
        if (stage.isEmpty() || stage.contains("/")) {
            throw new IllegalArgumentException("a stage is one non-empty path segment: " + stage);
        }
        return new FakeManagementApi(stage, connections);
    }

    /** What to pass to {@code endpointOverride}, e.g. {@code http://127.0.0.1:PORT/dev}. */
    public URI endpoint() {
        return URI.create(server.endpoint() + "/" + stage);
    }

    /** The recording connections this fake delivers to; throws when it was started with other {@link Connections}. */
    public RecordingConnections recording() {
        if (connections instanceof RecordingConnections recording) {
            return recording;
        }
        throw new IllegalStateException("started with " + connections.getClass().getName());
    }

    @Override
    public void close() {
        server.close();
    }

    private Response handle(Request request) throws IOException {
        return respond(request).header("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private Response respond(Request request) throws IOException {
        if (!request.header("Authorization").startsWith("AWS4-HMAC-SHA256 ")) {
            return error(403, "ForbiddenException", "Missing Authentication Token");
        }
        String prefix = "/" + stage + CONNECTIONS;
        String rawPath = request.uri().getRawPath();
        String rawId = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : "";
        if (rawId.isEmpty() || rawId.contains("/")) {
            return error(403, "ForbiddenException", "Forbidden");
        }
        Optional<String> connectionId = PercentDecoding.decode(rawId);
        if (connectionId.isEmpty()) {
            return error(400, "BadRequestException", "Invalid connection id");
        }
        String id = connectionId.get();
        return switch (request.method()) {
            case "POST" -> post(id, request.body());
            case "GET" -> get(id);
            case "DELETE" -> connections.close(id) ? Response.empty(204) : gone();
            default -> error(403, "ForbiddenException", "Forbidden");
        };
    }

    private Response post(String connectionId, byte[] frame) throws IOException {
        if (frame.length > MAX_FRAME_BYTES) {
            return error(413, "PayloadTooLargeException", "Request entity too large");
        }
        return connections.send(connectionId, frame) ? Response.empty(200) : gone();
    }

    private Response get(String connectionId) throws IOException {
        Optional<ConnectionInfo> info = connections.info(connectionId);
        if (info.isEmpty()) {
            return gone();
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("connectedAt", iso(info.get().connectedAt()));
        json.putObject("identity")
                .put("sourceIp", info.get().sourceIp())
                .put("userAgent", info.get().userAgent());
        json.put("lastActiveAt", iso(info.get().lastActiveAt()));
        return Response.of(200, "application/json", JSON.writeValueAsBytes(json));
    }

    private static Response gone() throws IOException {
        return error(410, "GoneException", "The connection is gone");
    }

    private static Response error(int status, String errorType, String message) throws IOException {
        return Response.of(status, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("message", message))).header("x-amzn-ErrorType", errorType);
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** RFC 3986 percent-decoding of one path segment ({@code +} stays {@code +}, unlike form decoding). */
    static final class PercentDecoding {

        private PercentDecoding() {
        }

        static Optional<String> decode(String segment) {
            try {
                return Optional.of(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
