package dev.switchboard.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.http.LocalHttpServer;
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

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean denied;
    private final LocalHttpServer server = LocalHttpServer.start(0, this::handle);

    URI endpoint() {
        return server.endpoint();
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
        server.close();
    }

    private LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        String target = request.header("X-Amz-Target");
        String contentType = request.header("Content-Type");
        String authorization = request.header("Authorization");
        JsonNode body = Json.read(request.text());
        String secretId = body.path("SecretId").asText();
        calls.add(new Call(target, contentType, secretId,
                authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=")));
        if (!"secretsmanager.GetSecretValue".equals(target) || contentType == null
                || !contentType.startsWith("application/x-amz-json-1.1")) {
            return send(400, error("UnknownOperationException", "unexpected " + target + " / " + contentType));
        }
        if (denied) {
            return send(400, error("AccessDeniedException", "User is not authorized to perform: "
                    + "secretsmanager:GetSecretValue on resource: " + secretId));
        }
        String value = secrets.get(secretId);
        if (value == null) {
            return send(400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        }
        ObjectNode response = Json.object().put("ARN", secretId).put("Name", "test-secret")
                .put("VersionId", "v1").put("CreatedDate", 1.7e9);
        if (value.startsWith("\u0000")) {
            response.put("SecretBinary", "AAEC");
        } else {
            response.put("SecretString", value);
        }
        response.putArray("VersionStages").add("AWSCURRENT");
        return send(200, response);
    }

    private static ObjectNode error(String type, String message) {
        return Json.object().put("__type", type).put("message", message);
    }

    private static LocalHttpServer.Response send(int status, ObjectNode body) {
        return LocalHttpServer.Response.of(status, "application/x-amz-json-1.1",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
