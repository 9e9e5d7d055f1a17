package dev.switchboard.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeTwilioApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeTwilioApi twilio = FakeTwilioApi.start("AC0123", "secret-token");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void acceptsAMessageAndAnswersWithATwilioShapedResource() throws Exception {
        HttpResponse<String> response = post("AC0123", "AC0123:secret-token",
                "To=" + enc("+15551234567") + "&From=" + enc("+15557654321") + "&Body=" + enc("Order 123456 & more"));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("sid").asText()).startsWith("SM").hasSize(34);
        assertThat(json.get("status").asText()).isEqualTo("queued");
        assertThat(json.get("to").asText()).isEqualTo("+15551234567");
        assertThat(json.get("account_sid").asText()).isEqualTo("AC0123");
        assertThat(twilio.messages()).containsExactly(new SentMessage(json.get("sid").asText(), "AC0123",
                "+15551234567", "+15557654321", "Order 123456 & more"));
    }

    @Test
    void rejectsWrongCredentialsWith401AndCode20003() throws Exception {
        HttpResponse<String> response = post("AC0123", "AC0123:wrong", "To=%2B15551234567&From=%2B15557654321&Body=x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(20003);
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void rejectsAnInvalidToNumberWithCode21211() throws Exception {
        HttpResponse<String> response = post("AC0123", "AC0123:secret-token", "To=12345&From=%2B15557654321&Body=x");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("code").asInt()).isEqualTo(21211);
        assertThat(json.get("more_info").asText()).endsWith("/21211");
        assertThat(json.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void requiresABody() throws Exception {
        HttpResponse<String> response = post("AC0123", "AC0123:secret-token", "To=%2B15551234567&From=%2B15557654321");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(21602);
    }

    @Test
    void answersAScriptedFailureOnceThenAcceptsAgain() throws Exception {
        twilio.failNext(503, 20503, "Service Unavailable");
        String form = "To=%2B15551234567&From=%2B15557654321&Body=hi";

        assertThat(post("AC0123", "AC0123:secret-token", form).statusCode()).isEqualTo(503);
        assertThat(post("AC0123", "AC0123:secret-token", form).statusCode()).isEqualTo(201);
        assertThat(twilio.messages()).hasSize(1);
        assertThat(twilio.requestCount()).isEqualTo(2);
    }

    @Test
    void answers404ForAnotherAccountsPath() throws Exception {
        assertThat(post("ACother", "AC0123:secret-token", "To=%2B15551234567&From=%2B15557654321&Body=hi")
                .statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String pathSid, String credentials, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + pathSid + "/Messages.json"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
