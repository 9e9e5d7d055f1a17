package dev.switchboard.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A tiny Secrets Manager endpoint speaking AWS JSON 1.1 for {@code secretsmanager.GetSecretValue}: secrets set
 * with {@link #put} (text, or {@code null} for a binary-only secret), {@code ResourceNotFoundException} for others,
 * and {@link #deny} to answer {@code AccessDeniedException} as a missing IAM permission would.
 */
final class FakeSecretsManager implements AutoCloseable {

    record Call(String target, String contentType, String secretId, boolean signed) {
    }

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean denied;

    FakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A real SDK client for this endpoint: the layer's HTTP client and region, fixed test credentials. */
    SecretsManagerClient client() {
        return AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1")))
                .configure(SecretsManagerClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .endpointOverride(endpoint())
                .build();
    }

    FakeSecretsManager put(String secretId, String secretString) {
        if (secretString == null) {
            secrets.put(secretId, "\u0000binary");
        } else {
            secrets.put(secretId, secretString);
        }
        return this;
    }

    void deny(boolean deny) {
        this.denied = deny;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String secretId = body.path("SecretId").asText();
            calls.add(new Call(target, contentType, secretId,
                    authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=")));
            if (!"secretsmanager.GetSecretValue".equals(target) || contentType == null
                    || !contentType.startsWith("application/x-amz-json-1.1")) {
                send(exchange, 400, error("UnknownOperationException", "unexpected " + target + " / " + contentType));
                return;
            }
            if (denied) {
                send(exchange, 400, error("AccessDeniedException", "User is not authorized to perform: "
                        + "secretsmanager:GetSecretValue on resource: " + secretId));
                return;
            }
            String value = secrets.get(secretId);
            if (value == null) {
                send(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            ObjectNode response = Json.object().put("ARN", secretId).put("Name", "test-secret")
                    .put("VersionId", "v1").put("CreatedDate", 1.7e9);
            if (value.startsWith("\u0000")) {
                response.put("SecretBinary", "AAEC");
            } else {
                response.put("SecretString", value);
            }
            response.putArray("VersionStages").add("AWSCURRENT");
            send(exchange, 200, response);
        }
    }

    private static ObjectNode error(String type, String message) {
        return Json.object().put("__type", type).put("message", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
