package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    private static final JsonNode PROPERTIES = ConfigSchema.useCase().document().path("properties");

    @Test
    void documentsTheBuiltInUseCasesValuesAsTheDefaults() {
        UseCase d = DefaultUseCase.useCase();

        assertThat(defaultOf("description").asText()).isEqualTo(d.description());
        assertThat(defaultOf("timeZone").asText()).isEqualTo(d.timeZone());
        assertThat(Json.MAPPER.convertValue(defaultOf("relay"), java.util.Map.class)).isEqualTo(d.relay());
        assertThat(new UseCase.LlmSettings(defaultOf("llm.model").asText(), defaultOf("llm.temperature").asDouble(),
                defaultOf("llm.maxTokens").asInt(), defaultOf("llm.historyMessages").asInt(),
                defaultOf("llm.fillerAfterMs").asInt())).isEqualTo(d.llm());
        assertThat(new UseCase.Handoff(defaultOf("handoff.mode").asText(), defaultOf("handoff.workflowSid").asText(),
                defaultOf("handoff.number").asText(), defaultOf("handoff.message").asText(),
                defaultOf("handoff.afterFailures").asInt())).isEqualTo(d.handoff());
        assertThat(new UseCase.Limits(defaultOf("limits.maxCallSeconds").asInt(), defaultOf("limits.maxTurns").asInt(),
                defaultOf("limits.maxToolSteps").asInt())).isEqualTo(d.limits());
        assertThat(new UseCase.SpeechSettings(defaultOf("speech.voiceSafe").asBoolean(),
                defaultOf("speech.partialPrompts").asBoolean(), defaultOf("speech.holdAudioUrl").asText()))
                .isEqualTo(d.speech());
    }

    @Test
    void documentsTheDefaultsACollectHandlerGets() {
        UseCase.DtmfHandler read = UseCaseReader.read("demo", Json.read(
                "{\"systemPrompt\":\"p\",\"dtmf\":[{\"key\":\"5\",\"action\":\"collect\"}]}")).useCase().dtmf().get(0);
        JsonNode handler = PROPERTIES.path("dtmf").path("items").path("properties");

        assertThat(new UseCase.DtmfHandler("5", "collect", "", handler.path("tool").path("default").asText(),
                handler.path("maxDigits").path("default").asInt(), handler.path("terminator").path("default").asText(),
                handler.path("timeoutMs").path("default").asInt(), handler.path("sensitive").path("default").asBoolean()))
                .isEqualTo(read);
    }

    @Test
    void namesTheAttributeAndSaysWhatIsWrongInTheSchemasWords() {
        List<ConfigSchema.Violation> violations = ConfigSchema.useCase().validate(Json.read("""
                {"id": "demo", "handoff": {"mode": "dial", "number": "555-1234"}, "limits": {"maxTurns": "12"},
                 "relay": {"dtmfDetection": "yes"}, "parameters": {"callSid": "x"}}
                """));

        assertThat(violations).containsExactly(
                new ConfigSchema.Violation("handoff.number", "'555-1234' is not an E.164 number such as +14155550100"),
                new ConfigSchema.Violation("limits.maxTurns", "expected a whole number, found a string (S) '12'"),
                new ConfigSchema.Violation("parameters.callSid", "'callSid' is not a parameter name of 1-64 letters,"
                        + " digits, '_', '.' or '-' other than the reserved callSid, useCaseId and resumed (the webhook"
                        + " sets them)"),
                new ConfigSchema.Violation("relay.dtmfDetection", "'yes' is not one of true, false"));
    }

    @Test
    void readsNumbersAndBooleansTypedAsTextWhenLenient() {
        ConfigSchema.Checked checked = ConfigSchema.useCase().lenient(Json.read(
                "{\"id\": \"demo\", \"limits\": {\"maxTurns\": \"12\"}, \"speech\": {\"voiceSafe\": \"false\"}, \"llm\": {\"model\": 4}}"));

        assertThat(checked.violations()).isEmpty();
        assertThat(checked.document().path("limits").path("maxTurns").isInt()).isTrue();
        assertThat(checked.document().path("speech").path("voiceSafe").isBoolean()).isTrue();
        assertThat(checked.document().path("llm").path("model").textValue()).isEqualTo("4");
    }

    private static JsonNode defaultOf(String path) {
        JsonNode node = PROPERTIES;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            node = node.path(parts[i]);
            if (i < parts.length - 1) {
                node = node.path("properties");
            }
        }
        assertThat(node.has("default")).as("%s has a default", path).isTrue();
        return node.get("default");
    }
}
