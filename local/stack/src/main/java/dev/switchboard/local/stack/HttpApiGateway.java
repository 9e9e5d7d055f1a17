package dev.switchboard.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API (payload format 2.0) on 127.0.0.1: each request whose {@code METHOD /path} is a route of the
 * template's HTTP API becomes an {@link APIGatewayV2HTTPEvent} for the route's function, the way API Gateway builds
 * it: lower-cased headers, the raw query string, the body Base64-encoded, a request context with the {@code $default}
 * stage. The function's response becomes the HTTP response; a handler that throws is a 500
 * {@code {"message":"Internal Server Error"}}, an unknown route a 404 {@code {"message":"Not Found"}}.
 *
 * <p>It also answers {@code GET /_local/calls/{callSid}} with what the stack knows about a call (whether anything is
 * still running for it, and its tool calls), which the simulated caller reads when it talks to a local stack.
 */
final class HttpApiGateway implements AutoCloseable {

    static final String INTROSPECTION_PREFIX = "/_local/calls/";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LocalFunction> routes;
    private final StackMonitor monitor;

    private HttpApiGateway(HttpServer server, ExecutorService executor, Map<String, LocalFunction> routes,
                           StackMonitor monitor) {
        this.server = server;
        this.executor = executor;
        this.routes = Map.copyOf(routes);
        this.monitor = monitor;
    }

    /** Binds 127.0.0.1:{@code port} (0 = a free port) without serving yet; see {@link #start(Map)}. */
    static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port
                    + (port == 0 ? "" : " (is another program using it? pick another with --port)"), e);
        }
    }

    /** Serves {@code routes} ("POST /twiml" to the function) on an already bound server. */
    static HttpApiGateway start(HttpServer server, Map<String, LocalFunction> routes, StackMonitor monitor) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpApiGateway gateway = new HttpApiGateway(server, executor, routes, monitor);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            if ("GET".equals(method) && rawPath.startsWith(INTROSPECTION_PREFIX)) {
                introspect(exchange, URLDecoder.decode(rawPath.substring(INTROSPECTION_PREFIX.length()),
                        StandardCharsets.UTF_8));
                return;
            }
            String routeKey = method + " " + rawPath;
            LocalFunction function = routes.get(routeKey);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (function == null) {
                monitor.count("http.notFound");
                send(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}");
                return;
            }
            monitor.count("http." + routeKey);
            APIGatewayV2HTTPResponse response;
            try {
                response = (APIGatewayV2HTTPResponse) function.invoke(event(exchange, routeKey, body));
            } catch (RuntimeException e) {
                monitor.count("http.errors");
                monitor.listeners().forEach(l -> l.functionFailed(function.logicalId(), routeKey, e));
                send(exchange, 500, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                return;
            }
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            String responseBody = response.getBody() == null ? "" : response.getBody();
            byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(responseBody)
                    : responseBody.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode() == 0 ? 200 : response.getStatusCode(), headers, bytes);
        }
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, String routeKey, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-port", Integer.toString(port()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        String rawQuery = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        Instant now = Instant.now();
        String host = headers.getOrDefault("host", "127.0.0.1:" + port());
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalArns.ACCOUNT)
                        .withApiId("local")
                        .withDomainName(host)
                        .withDomainPrefix(host.split("[.:]")[0])
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(exchange.getRequestURI().getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    private void introspect(HttpExchange exchange, String callSid) throws IOException {
        ObjectNode json = Json.object();
        json.put("callSid", callSid);
        json.put("busy", monitor.busy(callSid));
        ArrayNode calls = json.putArray("toolCalls");
        for (ToolCallRecord call : monitor.toolCalls(callSid)) {
            calls.add(Json.MAPPER.valueToTree(call));
        }
        send(exchange, 200, Map.of("Content-Type", "application/json"), json.toString());
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** For tests: the route keys served. */
    List<String> routeKeys() {
        return List.copyOf(routes.keySet());
    }
}
