package dev.switchboard.local.dynalite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * DynamoDB's JSON 1.0 protocol without the SDK, for the differences the SDK would hide (a member present or not,
 * the exact ConsumedCapacity). Signs nothing: both servers only check that the headers are there.
 */
public final class DynamoJson {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DynamoJson() {
    }

    /**
     * One answer: the HTTP status, the error type (the part of {@code __type} after {@code #}, empty on success)
     * and the body.
     */
    public record Answer(int status, String errorType, JsonNode body) {

        /**
         * The body as compared between servers: {@code __type} cut to its suffix, numbers by value ({@code 1} and
         * {@code 1.0} are equal), and without the error {@code message}, whose wording differs between servers
         * while the product reads only the type.
         */
        public JsonNode comparable() {
            JsonNode copy = normalise(body.deepCopy());
            if (copy instanceof ObjectNode object) {
                object.remove("message");
                object.remove("Message");
                if (object.has("__type")) {
                    object.put("__type", errorType);
                }
            }
            return copy;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public static Answer post(URI endpoint, String operation, String json) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JsonNodeFactory.instance.objectNode()
                    : MAPPER.readTree(response.body());
            String type = body.path("__type").asText("");
            return new Answer(response.statusCode(), type.substring(type.indexOf('#') + 1), body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON from " + endpoint + " for " + operation, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode normalise(JsonNode node) {
        if (node.isNumber()) {
            return JsonNodeFactory.instance.numberNode(node.decimalValue().stripTrailingZeros());
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(normalise(field.getValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, normalise(node.get(i)));
            }
        }
        return node;
    }
}
