package dev.switchboard.shared.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayProtocolTest {

    @ParameterizedTest
    @ValueSource(strings = {"inbound-setup.json", "inbound-prompt.json", "inbound-prompt-partial.json",
            "inbound-interrupt.json", "inbound-dtmf.json", "inbound-info.json", "inbound-error.json"})
    void roundTripsEveryInboundType(String fixture) {
        String json = fixture(fixture);
        InboundMessage message = RelayProtocol.parse(json);
        assertThat(message).isNotInstanceOf(InboundMessage.Unknown.class);
        assertThat(Json.read(RelayProtocol.write(message))).isEqualTo(Json.read(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"outbound-text.json", "outbound-text-full.json", "outbound-play.json",
            "outbound-senddigits.json", "outbound-language.json", "outbound-end.json"})
    void roundTripsEveryOutboundType(String fixture) {
        String json = fixture(fixture);
        OutboundMessage message = RelayProtocol.parseOutbound(json);
        assertThat(Json.read(RelayProtocol.write(message))).isEqualTo(Json.read(json));
    }

    @Test
    void readsEverySetupField() {
        var setup = (InboundMessage.Setup) RelayProtocol.parse(fixture("inbound-setup.json"));
        assertThat(setup.callSid()).isEqualTo("CA00000000000000000000000000000000");
        assertThat(setup.sessionId()).startsWith("VX");
        assertThat(setup.from()).isEqualTo("+14155550100");
        assertThat(setup.to()).isEqualTo("+14155550199");
        assertThat(setup.parentCallSid()).isEmpty();
        assertThat(setup.callType()).isEqualTo("PSTN");
        assertThat(setup.customParameters()).containsEntry("useCase", "restaurant");
    }

    @Test
    void readsTheInterruptDurationAsNumberOrString() {
        var number = (InboundMessage.Interrupt) RelayProtocol.parse(fixture("inbound-interrupt.json"));
        var text = (InboundMessage.Interrupt) RelayProtocol.parse(fixture("inbound-interrupt-string-duration.json"));
        assertThat(number.durationUntilInterruptMs()).isEqualTo(460);
        assertThat(text.durationUntilInterruptMs()).isEqualTo(460);
        assertThat(text.utteranceUntilInterrupt()).isEqualTo("Our specials today are");
    }

    @Test
    void treatsAPromptWithoutLastAsFinal() {
        var prompt = (InboundMessage.Prompt) RelayProtocol.parse("{\"type\":\"prompt\",\"voicePrompt\":\"hi\"}");
        assertThat(prompt.last()).isTrue();
        assertThat(prompt.lang()).isEmpty();
    }

    @Test
    void ignoresUnknownPropertiesAndKeepsInfoValuesAsText() {
        var info = (InboundMessage.Info) RelayProtocol.parse(
                "{\"type\":\"info\",\"name\":\"tokensPlayed\",\"value\":\"Hello there\",\"ts\":12,\"extra\":{\"a\":1}}");
        assertThat(info).isEqualTo(new InboundMessage.Info("tokensPlayed", "Hello there", 12));
        var setup = (InboundMessage.Setup) RelayProtocol.parse("{\"type\":\"setup\",\"callSid\":\"CA1\",\"applicationSid\":\"AP1\"}");
        assertThat(setup.customParameters()).isEmpty();
        assertThat(setup.from()).isEmpty();
    }

    @Test
    void mapsAnUnknownTypeToUnknownInsteadOfThrowing() {
        assertThat(RelayProtocol.parse("{\"type\":\"end\",\"handoffData\":\"x\"}"))
                .isEqualTo(new InboundMessage.Unknown("end", "unknown-type"));
    }

    @Test
    void mapsBrokenFramesToUnknownWithAReason() {
        assertThat(RelayProtocol.parse("{not json")).isEqualTo(new InboundMessage.Unknown("", "malformed"));
        assertThat(RelayProtocol.parse("[1,2]")).isEqualTo(new InboundMessage.Unknown("", "malformed"));
        assertThat(RelayProtocol.parse("")).isEqualTo(new InboundMessage.Unknown("", "malformed"));
        assertThat(RelayProtocol.parse(null)).isEqualTo(new InboundMessage.Unknown("", "malformed"));
        assertThat(RelayProtocol.parse("{\"voicePrompt\":\"hi\"}")).isEqualTo(new InboundMessage.Unknown("", "missing-type"));
        assertThat(RelayProtocol.parse("{\"type\":42}")).isEqualTo(new InboundMessage.Unknown("", "missing-type"));
        String huge = "{\"type\":\"prompt\",\"voicePrompt\":\"" + "a".repeat(RelayProtocol.MAX_FRAME_CHARS) + "\"}";
        assertThat(RelayProtocol.parse(huge)).isEqualTo(new InboundMessage.Unknown("", "too-large"));
    }

    @Test
    void writesTextWithTypeFirstAndWithoutNullFields() {
        String json = RelayProtocol.write(OutboundMessage.Text.token("Hi "));
        assertThat(json).isEqualTo("{\"type\":\"text\",\"token\":\"Hi \",\"last\":false}");
        assertThat(RelayProtocol.write(OutboundMessage.Text.last(""))).isEqualTo("{\"type\":\"text\",\"token\":\"\",\"last\":true}");
        assertThat(RelayProtocol.write(new OutboundMessage.End(null))).isEqualTo("{\"type\":\"end\"}");
    }

    @Test
    void writesHandoffDataAsAString() {
        JsonNode end = Json.read(RelayProtocol.write(new OutboundMessage.End("{\"action\":\"hangup\"}")));
        assertThat(end.get("handoffData").isTextual()).isTrue();
        assertThat(Json.read(end.get("handoffData").asText()).get("action").asText()).isEqualTo("hangup");
    }

    @Test
    void refusesFramesTwilioWouldReject() {
        assertThatThrownBy(() -> OutboundMessage.Text.token(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboundMessage.SendDigits("12a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundMessage.Language(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OutboundMessage.SendDigits.isValid("1w2#*")).isTrue();
    }

    @Test
    void writesInboundFramesAsTwilioDoes() {
        var setup = new InboundMessage.Setup("VX1", "AC1", "", "CA1", "+1", "+2", "", "", "PSTN", "inbound",
                "RINGING", Map.of("callSid", "CA1"));
        assertThat(RelayProtocol.parse(RelayProtocol.write(setup))).isEqualTo(setup);
        assertThat(Json.read(RelayProtocol.write(new InboundMessage.Dtmf("#"))).get("type").asText()).isEqualTo("dtmf");
    }

    static String fixture(String name) {
        try (InputStream in = RelayProtocolTest.class.getResourceAsStream("/relay/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
