package dev.switchboard.shared.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors generated once by Twilio's own npm helper library: see resources/twilio/generate-signature-vectors.mjs. */
class TwilioSignatureTest {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    static Stream<JsonNode> vectors() throws IOException {
        try (InputStream in = TwilioSignatureTest.class.getResourceAsStream("/twilio/signature-vectors.json")) {
            JsonNode root = Json.MAPPER.readTree(in);
            return StreamSupport.stream(root.get("vectors").spliterator(), false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signsLikeTwilioHelperLibrary(JsonNode vector) {
        var signature = new TwilioSignature(vector.get("authToken").asText());

        String sig = signature.sign(vector.get("url").asText(), params(vector, "params"));

        assertThat(sig).isEqualTo(vector.get("signature").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void validatesLikeTwilioHelperLibrary(JsonNode vector) {
        var signature = new TwilioSignature(vector.get("authToken").asText());

        boolean valid = signature.isValid(vector.get("validateUrl").asText(), params(vector, "validateParams"),
                vector.get("header").asText());

        assertThat(valid).as(vector.get("name").asText()).isEqualTo(vector.get("valid").asBoolean());
    }

    @Test
    void vectorsCoverAcceptedAndRejectedRequests() throws IOException {
        assertThat(vectors().map(v -> v.get("valid").asBoolean())).contains(true, false);
    }

    @Test
    void rejectsAMissingSignature() {
        var signature = new TwilioSignature("token");

        assertThat(signature.isValid("https://example.com/twiml", Map.of("CallSid", "CA1"), "")).isFalse();
        assertThat(signature.isValid("https://example.com/twiml", Map.of("CallSid", "CA1"), null)).isFalse();
    }

    @Test
    void refusesToWorkWithoutAnAuthToken() {
        assertThatThrownBy(() -> new TwilioSignature("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> params(JsonNode vector, String field) {
        return Json.MAPPER.convertValue(vector.get(field), PARAMS);
    }
}
