package dev.switchboard.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;
import dev.switchboard.shared.json.Json;
import java.io.UncheckedIOException;
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

    private final LocalHttpServer server;
    private final Map<String, LocalFunction> routes;
    private final StackMonitor monitor;

    private HttpApiGateway(LocalHttpServer server, Map<String, LocalFunction> routes, StackMonitor monitor) {
        this.server = server;
        this.routes = Map.copyOf(routes);
        this.monitor = monitor;
    }

    /** Binds 127.0.0.1:{@code port} (0 = a free port) without serving yet; see {@link #start}. */
    static LocalHttpServer bind(int port) {
        try {
            return LocalHttpServer.bind(port);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage()
                    + (port == 0 ? "" : " (is another program using it? pick another with --port)"), e.getCause());
        }
    }

    /** Serves {@code routes} ("POST /twiml" to the function) on an already bound server. */
    static HttpApiGateway start(LocalHttpServer server, Map<String, LocalFunction> routes, StackMonitor monitor) {
        HttpApiGateway gateway = new HttpApiGateway(server, routes, monitor);
        server.serve(gateway::handle);
        return gateway;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private Response handle(Request request) {
        String rawPath = request.uri().getRawPath();
        if ("GET".equals(request.method()) && rawPath.startsWith(INTROSPECTION_PREFIX)) {
            return introspect(URLDecoder.decode(rawPath.substring(INTROSPECTION_PREFIX.length()),
                    StandardCharsets.UTF_8));
        }
        String routeKey = request.method() + " " + rawPath;
        LocalFunction function = routes.get(routeKey);
        if (function == null) {
            monitor.count("http.notFound");
            return Response.json(404, "{\"message\":\"Not Found\"}");
        }
        monitor.count("http." + routeKey);
        APIGatewayV2HTTPResponse response;
        try {
            response = (APIGatewayV2HTTPResponse) function.invoke(event(request, routeKey));
        } catch (RuntimeException e) {
            monitor.count("http.errors");
            monitor.listeners().forEach(l -> l.functionFailed(function.logicalId(), routeKey, e));
            return Response.json(500, "{\"message\":\"Internal Server Error\"}");
        }
        String responseBody = response.getBody() == null ? "" : response.getBody();
        byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(responseBody)
                : responseBody.getBytes(StandardCharsets.UTF_8);
        return new Response(response.getStatusCode() == 0 ? 200 : response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), bytes, null);
    }

    private APIGatewayV2HTTPEvent event(Request request, String routeKey) {
        byte[] body = request.body();
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String sourceIp = request.remote().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-port", Integer.toString(port()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        String rawQuery = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
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
                .withRawPath(request.uri().getRawPath())
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
                                .withMethod(request.method())
                                .withPath(request.uri().getRawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    private Response introspect(String callSid) {
        ObjectNode json = Json.object();
        json.put("callSid", callSid);
        json.put("busy", monitor.busy(callSid));
        ArrayNode calls = json.putArray("toolCalls");
        for (ToolCallRecord call : monitor.toolCalls(callSid)) {
            calls.add(Json.MAPPER.valueToTree(call));
        }
        return Response.json(200, json.toString());
    }

    /** For tests: the route keys served. */
    List<String> routeKeys() {
        return List.copyOf(routes.keySet());
    }
}
