package dev.switchboard.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.apigw.ConnectionInfo;
import dev.switchboard.testkit.apigw.Connections;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The WebSocket API on 127.0.0.1, as API Gateway runs it for the template's WebSocket API:
 * <ul>
 *   <li>the upgrade request becomes a {@code $connect} event (every header, X-Twilio-Signature included, the query
 *       string, a new connection id); a non-2xx answer or an exception rejects the upgrade with that status (500 for
 *       an exception) and the connection never exists;</li>
 *   <li>each frame is routed by the API's route selection expression ({@code $request.body.type}: a route whose
 *       key equals the value, else {@code $default}) and invoked on a worker pool, concurrently with whatever is
 *       still running for that connection, like separate Lambda invocations; a handler that throws makes the
 *       client receive API Gateway's {@code {"message":"Internal server error",…}} frame;</li>
 *   <li>a message route's invocation that has not returned the integration timeout
 *       (API Gateway's 29 s unless a test sets less) after the frame arrived makes the client receive
 *       {@code {"message":"Endpoint request timed out","connectionId":…,"requestId":…}}, as API Gateway sends it;
 *       the invocation keeps running (its posts still arrive), and what it throws later goes unreported;</li>
 *   <li>a close, from either side, becomes a {@code $disconnect} event;</li>
 *   <li>as {@link Connections} it delivers what {@code @connections} receives to the real sockets: posts to a closed
 *       or unknown connection fail (the management endpoint answers 410 GoneException), deletes close the socket.</li>
 * </ul>
 * Frames larger than API Gateway's 32 KB frame limit close the connection with 1009.
 */
final class WebSocketGateway implements Connections, AutoCloseable {

    static final String STAGE = "local";
    private static final int MAX_FRAME_BYTES = 32 * 1024;
    private static final String REJECT_FIELD = "X-Local-Reject-Status";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 404, "Not Found", 429, "Too Many Requests");

    /** Where the gateway sends events; set once the functions exist (they need the gateway's URL first). */
    record Routes(String selectionExpression, Map<String, LocalFunction> byKey) {
        Routes {
            byKey = Map.copyOf(byKey);
        }
    }

    /** API Gateway's integration timeout (all integration types, not raisable). */
    static final java.time.Duration INTEGRATION_TIMEOUT = java.time.Duration.ofSeconds(29);

    private final Server server;
    private final StackMonitor monitor;
    private final java.time.Duration integrationTimeout;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timeouts;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Routes routes = new Routes("", Map.of());
    private volatile RuntimeException startFailure;

    private WebSocketGateway(int port, int maxConcurrency, java.time.Duration integrationTimeout, StackMonitor monitor) {
        this.monitor = monitor;
        this.integrationTimeout = integrationTimeout;
        this.timeouts = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ws-integration-timeout").factory());
        this.timeouts.setRemoveOnCancelPolicy(true);
        this.server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.workers = new ThreadPoolExecutor(maxConcurrency, maxConcurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("ws-invoke-", 1).factory());
        this.workers.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} (0 = a free one) and returns once it accepts connections. Frames run
     * on at most {@code maxConcurrency} concurrent invocations (more wait in line, like Lambda's concurrency limit);
     * an invocation still running {@code integrationTimeout} after its frame arrived gets API Gateway's timeout
     * frame sent to the client.
     */
    static WebSocketGateway start(int port, int maxConcurrency, java.time.Duration integrationTimeout,
                                  StackMonitor monitor) {
        WebSocketGateway gateway = new WebSocketGateway(port, maxConcurrency, integrationTimeout, monitor);
        gateway.server.setReuseAddr(true);
        gateway.server.setDaemon(true);
        gateway.server.setConnectionLostTimeout(0);
        // frames to the caller are small and come in bursts: with Nagle on, each waits for the last one's ACK
        gateway.server.setTcpNoDelay(true);
        gateway.server.start();
        try {
            if (!gateway.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the WebSocket server did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the WebSocket server", e);
        }
        if (gateway.startFailure != null) {
            throw gateway.startFailure;
        }
        return gateway;
    }

    void routes(Routes routes) {
        this.routes = routes;
    }

    int port() {
        return server.getPort();
    }

    /** {@code ws://127.0.0.1:PORT/}: the URL put in TwiML and signed on the upgrade. */
    URI url() {
        return URI.create("ws://127.0.0.1:" + port() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        timeouts.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ Connections

    @Override
    public boolean send(String connectionId, byte[] frame) {
        Session session = open(connectionId).orElse(null);
        if (session == null) {
            monitor.count("ws.gone");
            return false;
        }
        String text = new String(frame, StandardCharsets.UTF_8);
        try {
            synchronized (session) {
                session.socket.send(text);
            }
        } catch (WebsocketNotConnectedException e) {
            monitor.count("ws.gone");
            return false;
        }
        session.lastActiveAt = Instant.now();
        monitor.count("ws.framesOut");
        monitor.listeners().forEach(l -> l.frameSent(connectionId, text));
        return true;
    }

    @Override
    public boolean close(String connectionId) {
        Optional<Session> session = open(connectionId);
        session.ifPresent(s -> s.socket.close(CloseFrame.NORMAL, "Goodbye"));
        return session.isPresent();
    }

    @Override
    public Optional<ConnectionInfo> info(String connectionId) {
        return open(connectionId).map(s -> new ConnectionInfo(s.connectedAt, s.lastActiveAt, s.sourceIp, s.userAgent));
    }

    /** The connection if it was accepted and is still open. */
    private Optional<Session> open(String connectionId) {
        return Optional.ofNullable(sessions.get(connectionId)).filter(s -> s.accepted && s.socket.isOpen());
    }

    // ------------------------------------------------------------------------------------------ events

    private APIGatewayV2WebSocketEvent event(Session session, String routeKey, String eventType) {
        Instant now = Instant.now();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setMessageDirection("IN");
        context.setConnectionId(session.connectionId);
        context.setConnectedAt(session.connectedAt.toEpochMilli());
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setRequestTime(REQUEST_TIME.format(now));
        context.setRequestId(UUID.randomUUID().toString());
        context.setExtendedRequestId(context.getRequestId());
        context.setDomainName(session.host);
        context.setStage(STAGE);
        context.setApiId("local");
        context.setAccountId(LocalArns.ACCOUNT);
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp(session.sourceIp);
        identity.setUserAgent(session.userAgent);
        context.setIdentity(identity);
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setIsBase64Encoded(false);
        return event;
    }

    private APIGatewayV2WebSocketResponse connect(Session session, ClientHandshake request) {
        Optional<LocalFunction> function = Optional.ofNullable(routes.byKey().get("$connect"));
        monitor.count("ws.$connect");
        if (function.isEmpty()) {
            return response(200);
        }
        APIGatewayV2WebSocketEvent event = event(session, "$connect", "CONNECT");
        Map<String, String> headers = new LinkedHashMap<>();
        request.iterateHttpFields().forEachRemaining(name -> headers.put(name, request.getFieldValue(name)));
        headers.putIfAbsent("X-Forwarded-For", session.sourceIp);
        headers.putIfAbsent("X-Forwarded-Port", Integer.toString(port()));
        headers.putIfAbsent("X-Forwarded-Proto", "http");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setHeaders(headers);
        event.setMultiValueHeaders(multi);
        URI uri = URI.create(request.getResourceDescriptor());
        if (uri.getRawQuery() != null) {
            Map<String, String> query = new LinkedHashMap<>();
            Map<String, List<String>> multiQuery = new LinkedHashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
                multiQuery.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            event.setQueryStringParameters(query);
            event.setMultiValueQueryStringParameters(multiQuery);
        }
        try {
            return (APIGatewayV2WebSocketResponse) function.get().invoke(event);
        } catch (RuntimeException e) {
            monitor.count("ws.errors");
            monitor.listeners().forEach(l -> l.functionFailed(function.get().logicalId(), "$connect", e));
            return response(500);
        }
    }

    private void message(Session session, String body, boolean base64) {
        monitor.count("ws.framesIn");
        session.lastActiveAt = Instant.now();
        monitor.listeners().forEach(l -> l.frameReceived(session.connectionId, body));
        Optional<JsonNode> json = base64 ? Optional.empty() : parse(body);
        json.filter(j -> "setup".equals(j.path("type").asText())).ifPresent(setup -> {
            String callSid = setup.path("customParameters").path("callSid").asText(setup.path("callSid").asText());
            if (!callSid.isEmpty()) {
                monitor.linkConnection(session.connectionId, callSid);
            }
        });
        String routeKey = selectRoute(json);
        LocalFunction function = routes.byKey().get(routeKey);
        if (function == null) {
            send(session.connectionId, errorFrame(session, "Forbidden", UUID.randomUUID().toString()));
            return;
        }
        APIGatewayV2WebSocketEvent event = event(session, routeKey, "MESSAGE");
        event.getRequestContext().setMessageId(UUID.randomUUID().toString());
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        String requestId = event.getRequestContext().getRequestId();
        monitor.connectionBusy(session.connectionId, 1);
        monitor.count("ws." + routeKey);
        // API Gateway's clock runs from the request, queueing for a free invocation included
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> timer = null;
        try {
            timer = timeouts.schedule(() -> {
                if (answered.compareAndSet(false, true)) {
                    monitor.count("ws.timeouts");
                    monitor.listeners().forEach(l -> l.functionFailed(function.logicalId(), routeKey,
                            new IllegalStateException("still running after the integration timeout of "
                                    + integrationTimeout.toMillis() + " ms")));
                    send(session.connectionId, errorFrame(session, "Endpoint request timed out", requestId));
                }
            }, integrationTimeout.toNanos(), TimeUnit.NANOSECONDS);
            ScheduledFuture<?> timeout = timer;
            workers.execute(() -> {
                try {
                    function.invoke(event);
                    answered.set(true);
                } catch (RuntimeException e) {
                    monitor.count("ws.errors");
                    monitor.listeners().forEach(l -> l.functionFailed(function.logicalId(), routeKey, e));
                    if (answered.compareAndSet(false, true)) {
                        send(session.connectionId, errorFrame(session, "Internal server error", requestId));
                    }
                } finally {
                    timeout.cancel(false);
                    monitor.connectionBusy(session.connectionId, -1);
                }
            });
        } catch (RuntimeException rejected) {
            // shutting down: nothing runs, nothing is answered
            answered.set(true);
            if (timer != null) {
                timer.cancel(false);
            }
            monitor.connectionBusy(session.connectionId, -1);
        }
    }

    /** {@code $request.body.a.b}: the route whose key is that value, else {@code $default}. */
    private String selectRoute(Optional<JsonNode> json) {
        String expression = routes.selectionExpression();
        String prefix = "$request.body.";
        if (json.isPresent() && expression.startsWith(prefix)) {
            JsonNode value = json.get();
            for (String part : expression.substring(prefix.length()).split("\\.")) {
                value = value.path(part);
            }
            if (value.isValueNode() && !value.asText().startsWith("$")
                    && routes.byKey().containsKey(value.asText())) {
                return value.asText();
            }
        }
        return "$default";
    }

    private void disconnect(Session session, int code, String reason) {
        LocalFunction function = routes.byKey().get("$disconnect");
        monitor.count("ws.$disconnect");
        if (function == null) {
            return;
        }
        APIGatewayV2WebSocketEvent event = event(session, "$disconnect", "DISCONNECT");
        event.setHeaders(Map.of("Host", session.host, "X-Forwarded-For", session.sourceIp,
                "X-Forwarded-Port", Integer.toString(port()), "X-Forwarded-Proto", "http"));
        event.getRequestContext().setStatus(Integer.toString(code));
        event.getRequestContext().setError(reason);
        try {
            workers.execute(() -> {
                try {
                    function.invoke(event);
                } catch (RuntimeException e) {
                    monitor.count("ws.errors");
                    monitor.listeners().forEach(l -> l.functionFailed(function.logicalId(), "$disconnect", e));
                }
            });
        } catch (RuntimeException rejected) {
            // shutting down
        }
    }

    /** API Gateway's own frame, {@code {"message":…,"connectionId":…,"requestId":…}} in that order. */
    private static byte[] errorFrame(Session session, String message, String requestId) {
        return Json.object().put("message", message).put("connectionId", session.connectionId)
                .put("requestId", requestId).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            JsonNode node = Json.read(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static APIGatewayV2WebSocketResponse response(int status) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        return response;
    }

    /** API Gateway connection ids: 16 characters of URL-safe Base64 ending in {@code =}. */
    private static String newConnectionId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 15) + "=";
    }

    /** One client connection. */
    private static final class Session {
        final String connectionId;
        final WebSocket socket;
        final Instant connectedAt = Instant.now();
        final String sourceIp;
        final String userAgent;
        final String host;
        volatile Instant lastActiveAt = connectedAt;
        volatile boolean accepted;

        Session(String connectionId, WebSocket socket, String sourceIp, String userAgent, String host) {
            this.connectionId = connectionId;
            this.socket = socket;
            this.sourceIp = sourceIp;
            this.userAgent = userAgent;
            this.host = host;
        }
    }

    /** Draft 6455 that can answer an upgrade with a plain HTTP error status instead of 101. */
    private static final class RejectingDraft extends Draft_6455 {
        RejectingDraft() {
            super(List.of(), MAX_FRAME_BYTES);
        }

        @Override
        public Draft copyInstance() {
            return new RejectingDraft();
        }

        @Override
        public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
            if (handshake instanceof ServerHandshake && handshake.hasFieldValue(REJECT_FIELD)) {
                int status = Integer.parseInt(handshake.getFieldValue(REJECT_FIELD));
                String body = "{\"message\":\"" + (status >= 500 ? "Internal server error"
                        : status == 403 ? "Forbidden" : "Unauthorized") + "\"}";
                String reason = REASONS.getOrDefault(status, status >= 500 ? "Internal Server Error" : "Error");
                String response = "HTTP/1.1 " + status + " " + reason + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                        + "Connection: close\r\n\r\n" + body;
                return List.of(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
            }
            return super.createHandshake(handshake, withContent);
        }
    }

    private final class Server extends WebSocketServer {

        Server(InetSocketAddress address) {
            super(address, 4, List.of(new RejectingDraft()));
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket socket, Draft draft,
                                                                           ClientHandshake request) {
            String userAgent = Optional.ofNullable(request.getFieldValue("User-Agent")).orElse("");
            String host = Optional.ofNullable(request.getFieldValue("Host")).orElse("127.0.0.1:" + port());
            InetSocketAddress remote = socket.getRemoteSocketAddress();
            String sourceIp = remote == null ? "127.0.0.1" : remote.getAddress().getHostAddress();
            Session session = new Session(newConnectionId(), socket, sourceIp, userAgent, host);
            socket.setAttachment(session);
            sessions.put(session.connectionId, session);
            APIGatewayV2WebSocketResponse response = connect(session, request);
            HandshakeImpl1Server builder = new HandshakeImpl1Server();
            int status = response == null ? 200 : response.getStatusCode();
            if (status < 200 || status > 299) {
                monitor.count("ws.rejected");
                builder.put(REJECT_FIELD, Integer.toString(status < 100 ? 500 : status));
            } else {
                session.accepted = true;
            }
            return builder;
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            Session session = socket.getAttachment();
            if (session != null && !session.accepted) {
                sessions.remove(session.connectionId);
                ((WebSocketImpl) socket).flushAndClose(CloseFrame.NEVER_CONNECTED, "rejected", false);
            }
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            Session session = socket.getAttachment();
            if (session != null && session.accepted) {
                sessions.remove(session.connectionId);
                disconnect(session, code, reason);
            }
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            Session session = socket.getAttachment();
            if (session != null && session.accepted) {
                message(session, message, false);
            }
        }

        @Override
        public void onMessage(WebSocket socket, ByteBuffer bytes) {
            Session session = socket.getAttachment();
            if (session != null && session.accepted) {
                byte[] raw = new byte[bytes.remaining()];
                bytes.get(raw);
                message(session, Base64.getEncoder().encodeToString(raw), true);
            }
        }

        @Override
        public void onError(WebSocket socket, Exception error) {
            if (socket == null) {
                startFailure = new IllegalStateException("the WebSocket server failed: " + error.getMessage(), error);
                started.countDown();
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
