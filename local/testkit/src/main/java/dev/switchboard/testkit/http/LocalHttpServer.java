package dev.switchboard.testkit.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one HTTP skeleton of the local stand-ins: the JDK's {@link HttpServer} on 127.0.0.1, a virtual thread per
 * request, and a {@link Handler} that turns a {@link Request} (body read in full) into a {@link Response} (bytes, or
 * a {@link BodyWriter} for a streamed answer). A handler that throws is a 500, except {@link DropConnection}, which
 * closes the connection without an answer (how a stand-in breaks a response on purpose).
 *
 * <p>Accepted connections get TCP_NODELAY ({@code sun.net.httpserver.nodelay}, set before the first server starts
 * unless the JVM was given a value): with Nagle's algorithm a response written as headers then body waits for the
 * client's delayed ACK (about 40 ms on Linux) once it is a few KB. AWS's endpoints do not add that.
 */
public final class LocalHttpServer implements AutoCloseable {

    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private static final System.Logger LOG = System.getLogger(LocalHttpServer.class.getName());

    /** One request: method, URI, headers, the whole body and the client's address. */
    public record Request(String method, URI uri, Headers headers, byte[] body, InetSocketAddress remote,
                          String protocol) {
        public String path() {
            return uri.getPath();
        }

        /** The first value of header {@code name}, or {@code ""}. */
        public String header(String name) {
            return Objects.requireNonNullElse(headers.getFirst(name), "");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes a streamed body; the server sends it chunked and closes it afterwards. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A status, headers and either a whole body or a {@link BodyWriter}. */
    public record Response(int status, Map<String, String> headers, byte[] body, BodyWriter stream) {
        public Response {
            headers = Map.copyOf(headers);
        }

        public static Response of(int status, String contentType, byte[] body) {
            return new Response(status, Map.of("Content-Type", contentType), body, null);
        }

        public static Response json(int status, String json) {
            return of(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Response text(int status, String text) {
            return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        public static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0], null);
        }

        public static Response stream(int status, Map<String, String> headers, BodyWriter writer) {
            return new Response(status, headers, new byte[0], writer);
        }

        /** This response with one more header. */
        public Response header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, more, body, stream);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    /** Thrown by a handler or a {@link BodyWriter}: the connection is closed without (the rest of) an answer. */
    public static final class DropConnection extends RuntimeException {
        public DropConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private LocalHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Binds 127.0.0.1:{@code port} (0 = a free port) without serving yet; see {@link #serve}. */
    public static LocalHttpServer bind(int port) {
        try {
            return new LocalHttpServer(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Binds and serves at once. */
    public static LocalHttpServer start(int port, Handler handler) {
        return bind(port).serve(handler);
    }

    /** Starts answering every path with {@code handler}. */
    public LocalHttpServer serve(Handler handler) {
        server.createContext("/", exchange -> handle(exchange, handler));
        server.setExecutor(executor);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        Response response;
        try (InputStream in = exchange.getRequestBody()) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getRequestHeaders(), in.readAllBytes(), exchange.getRemoteAddress(),
                    exchange.getProtocol());
            response = handler.handle(request);
        } catch (DropConnection e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a local stand-in failed to handle a request", e);
            response = Response.text(500, "Internal error in the local stand-in: " + e);
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (response.stream() != null) {
            exchange.sendResponseHeaders(response.status(), 0);
            OutputStream out = exchange.getResponseBody();
            out.flush();
            response.stream().writeTo(out);
            out.close();
            exchange.close();
            return;
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
