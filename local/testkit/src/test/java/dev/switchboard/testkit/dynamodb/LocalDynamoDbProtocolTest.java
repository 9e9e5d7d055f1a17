package dev.switchboard.testkit.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol, without the SDK. */
class LocalDynamoDbProtocolTest {
    static LocalDynamoDb server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = LocalDynamoDb.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> post(String operation, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=anything")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersWithARequestIdAndACorrectCrc32() throws Exception {
        HttpResponse<byte[]> response = post("ListTables", "{}".getBytes(StandardCharsets.UTF_8));
        CRC32 crc = new CRC32();
        crc.update(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
    }

    @Test
    void namesErrorsTheWayTheSdkMapsThem() throws Exception {
        JsonNode missing = MAPPER.readTree(post("GetItem",
                "{\"TableName\":\"nope\",\"Key\":{\"pk\":{\"S\":\"x\"}}}".getBytes(StandardCharsets.UTF_8)).body());
        HttpResponse<byte[]> unknown = post("FrobnicateTable", "{}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> garbage = post("ListTables", "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(missing.get("__type").asText())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(missing.get("message").asText()).isEqualTo("Requested resource not found");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(unknown.body()).get("__type").asText()).endsWith("#UnknownOperationException");
        assertThat(MAPPER.readTree(garbage.body()).get("__type").asText()).endsWith("#SerializationException");
    }
}
