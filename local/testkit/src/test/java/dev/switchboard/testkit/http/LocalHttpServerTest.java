package dev.switchboard.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.http.LocalHttpServer.DropConnection;
import dev.switchboard.testkit.http.LocalHttpServer.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalHttpServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(LocalHttpServer server, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("X-Test", "yes").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handsTheHandlerTheWholeRequestAndSendsItsResponse() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.start(0, request -> Response.text(201,
                request.method() + " " + request.path() + " " + request.header("X-Test") + " " + request.text()
                        + " [" + request.header("X-Missing") + "]").header("X-Answer", "42"))) {
            HttpResponse<String> response = post(server, "/a/b?c=d", "hello");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("POST /a/b yes hello []");
            assertThat(response.headers().firstValue("X-Answer")).contains("42");
            assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void streamsABodyWriterAndAnswersAFailingHandlerWith500() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.start(0, request -> switch (request.path()) {
            case "/stream" -> Response.stream(200, Map.of("Content-Type", "text/event-stream"), out -> {
                out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("data: 2\n\n".getBytes(StandardCharsets.UTF_8));
            });
            default -> throw new IllegalStateException("a bug in a stand-in");
        })) {
            assertThat(post(server, "/stream", "").body()).isEqualTo("data: 1\n\ndata: 2\n\n");
            HttpResponse<String> failed = post(server, "/other", "");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("a bug in a stand-in");
        }
    }

    @Test
    void dropsTheConnectionWhenTheHandlerSaysSo() {
        try (LocalHttpServer server = LocalHttpServer.start(0, request -> {
            throw new DropConnection();
        })) {
            assertThatThrownBy(() -> post(server, "/", "")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void turnsOnTcpNoDelayForTheServersItStarts() {
        LocalHttpServer.bind(0).close();

        assertThat(System.getProperty(LocalHttpServer.NODELAY)).isEqualTo("true");
    }
}
