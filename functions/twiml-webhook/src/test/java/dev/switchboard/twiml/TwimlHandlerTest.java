package dev.switchboard.twiml;

import static dev.switchboard.twiml.Fixtures.CALLED;
import static dev.switchboard.twiml.Fixtures.CALLER;
import static dev.switchboard.twiml.Fixtures.CALL_SID;
import static dev.switchboard.twiml.Fixtures.WORKFLOW;
import static dev.switchboard.twiml.Fixtures.WS_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.DefaultUseCase;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.twilio.Xml;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class TwimlHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:19:12Z");

    private final FakeTable table = Fixtures.table();
    private final FakeSessions sessions = new FakeSessions();
    private final LogCapture log = new LogCapture();

    @AfterEach
    void restoreLog() {
        log.close();
    }

    @Test
    void answersAnIncomingCallWithConversationRelayTwiml() {
        APIGatewayV2HTTPResponse response = handle("voice-happy");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/xml");
        Xml xml = Xml.parse(response.getBody());
        assertThat(xml.verbs()).containsExactly("Connect");
        assertThat(Xml.attributes(xml.single("Connect")))
                .containsExactly(Map.entry("action", "https://abc123.execute-api.us-east-1.amazonaws.com/twiml/action"));
        Element relay = xml.single("ConversationRelay");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("url", WS_URL);
        expected.put("welcomeGreeting", "Hi! Tony & Maria's <Pizza>, \"best\" in town.");
        expected.put("welcomeGreetingInterruptible", "any");
        expected.put("language", "en-US");
        expected.put("ttsProvider", "ElevenLabs");
        expected.put("voice", "UgBBYS2sOqTuMpoF3BR0");
        expected.put("dtmfDetection", "true");
        expected.put("interruptible", "speech");
        expected.put("hints", "Margherita, Quattro Formaggi");
        assertThat(Xml.attributes(relay)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(response.getBody()).contains("<ConversationRelay url=\"" + WS_URL + "\"");
        assertThat(Xml.attributes(xml.single("Language")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("code", "es-ES", "ttsProvider", "Google", "voice", "es-ES-Neural2-B"));
        assertThat(xml.parameters()).containsExactly(Map.entry("callSid", CALL_SID), Map.entry("useCaseId", "pizza"),
                Map.entry("brand", "Tony & Maria's"));
    }

    @Test
    void createsTheSessionWithTheUseCaseCallerAndCallFacts() {
        handle("voice-happy");

        assertThat(sessions.sessions).containsOnlyKeys(CALL_SID);
        CallSession session = sessions.sessions.get(CALL_SID);
        assertThat(session).isEqualTo(new CallSession(CALL_SID, "pizza", CALLER, CALLED,
                "AC00000000000000000000000000000001", "created", NOW, "", "",
                Map.of("direction", "inbound", "fromCountry", "US", "fromState", "CA", "fromCity", "SAN FRANCISCO",
                        "toCountry", "US")));
    }

    @Test
    void neverLogsFullPhoneNumbers() {
        handle("voice-happy");

        assertThat(log.text()).doesNotContain(CALLER).doesNotContain(CALLED);
        assertThat(log.events("webhook.answered")).singleElement()
                .satisfies(line -> assertThat(line.get("callSid").asText()).isEqualTo(CALL_SID));
    }

    @Test
    void acceptsUnicodeAndAmpersandsInSignedParameters() {
        APIGatewayV2HTTPResponse response = handle("voice-unicode-caller");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(sessions.sessions.get(CALL_SID).facts()).containsEntry("callerName", "José & Müller <日本> \"😀\"");
    }

    @Test
    void checksTheSignatureOverThePublicUrlWithItsRawQuery() {
        assertThat(handle("voice-with-query").getStatusCode()).isEqualTo(200);
    }

    @Test
    void rejectsABadSignatureWithoutCreatingASession() {
        APIGatewayV2HTTPResponse response = handle("voice-bad-signature");

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(sessions.sessions).isEmpty();
        assertThat(table.reads).isEmpty();
        assertThat(log.events("webhook.rejected")).singleElement()
                .satisfies(line -> assertThat(line.get("reason").asText()).isEqualTo("signature mismatch"));
    }

    @Test
    void rejectsAMissingSignature() {
        APIGatewayV2HTTPResponse response = handle("voice-missing-signature");

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(sessions.sessions).isEmpty();
        assertThat(log.events("webhook.rejected")).singleElement()
                .satisfies(line -> assertThat(line.get("reason").asText()).isEqualTo("missing signature"));
    }

    @Test
    void rejectsARequestWithoutCallSid() {
        APIGatewayV2HTTPResponse response = handle("voice-missing-callsid");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(sessions.sessions).isEmpty();
    }

    @Test
    void rejectsAMalformedBody() {
        assertThat(handle("voice-malformed-body").getStatusCode()).isEqualTo(400);
        assertThat(handle("voice-json-body").getStatusCode()).isEqualTo(400);
        assertThat(sessions.sessions).isEmpty();
    }

    @Test
    void rejectsABodyThatIsNotBase64() {
        var event = Events.load("voice-happy");
        event.setBody("%%% not base64 %%%");

        assertThat(handler().handleRequest(event, null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void routesAnUnknownNumberToTheDefaultRoute() {
        Xml xml = Xml.parse(handle("voice-unknown-number").getBody());

        assertThat(xml.parameters()).containsEntry("useCaseId", "assistant");
        assertThat(xml.single("ConversationRelay").getAttribute("welcomeGreeting")).isEqualTo("Hello from the assistant.");
        assertThat(sessions.sessions.get(CALL_SID).useCaseId()).isEqualTo("assistant");
    }

    @Test
    void usesTheBuiltInUseCaseWhenNeitherNumberNorDefaultIsRouted() {
        FakeTable empty = new FakeTable();

        Xml xml = Xml.parse(handler(empty).handleRequest(Events.load("voice-unknown-number"), null).getBody());

        assertThat(xml.parameters()).containsEntry("useCaseId", DefaultUseCase.ID);
        assertThat(xml.single("ConversationRelay").getAttribute("welcomeGreeting"))
                .isEqualTo(DefaultUseCase.useCase().relay().get("welcomeGreeting"));
        assertThat(log.events("config.problem")).anySatisfy(p ->
                assertThat(p.get("reason").asText()).contains("no item USECASE#default"));
    }

    @Test
    void answersWithSafeDefaultsAndLogsExactlyWhatIsWrongWithAnInvalidItem() {
        table.putTyped("USECASE#pizza", "CONFIG", Fixtures.BROKEN_TYPED);

        APIGatewayV2HTTPResponse response = handle("voice-happy");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Xml xml = Xml.parse(response.getBody());
        Element relay = xml.single("ConversationRelay");
        assertThat(Xml.attributes(relay)).containsExactlyInAnyOrderEntriesOf(Map.of("url", WS_URL,
                "welcomeGreeting", "Hi there!", "dtmfDetection", "true", "speechTimeout", "1500"));
        assertThat(xml.all("Language")).isEmpty();
        List<JsonNode> problems = log.events("config.problem");
        assertThat(problems).extracting(p -> p.get("attribute").asText()).containsExactlyInAnyOrder(
                "relay.voice", "relay.interruptible", "relay.welcomegreeting", "languages", "llm.temperature",
                "limits", "handoff.workflowSid");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.get("level").asText()).isEqualTo("WARN");
            assertThat(p.get("useCase").asText()).isEqualTo("pizza");
            assertThat(p.get("callSid").asText()).isEqualTo(CALL_SID);
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.get("reason").asText())
                .isEqualTo("expected a string, found a map (M); not emitted"));
        assertThat(sessions.sessions.get(CALL_SID).useCaseId()).isEqualTo("pizza");
    }

    @Test
    void apologisesAndHangsUpWhenDynamoDbIsDown() {
        table.failing = true;

        APIGatewayV2HTTPResponse response = handle("voice-happy");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/xml");
        Xml xml = Xml.parse(response.getBody());
        assertThat(xml.verbs()).containsExactly("Say", "Hangup");
        assertThat(xml.single("Say").getTextContent()).isEqualTo(CallTwiml.APOLOGY);
        assertThat(sessions.sessions).isEmpty();
        assertThat(log.events("webhook.config.unavailable")).singleElement()
                .satisfies(line -> assertThat(line.get("level").asText()).isEqualTo("ERROR"));
    }

    @Test
    void handsOffWhenTheSessionCannotBeStoredButTheUseCaseIsKnown() {
        sessions.failing = true;

        Xml xml = Xml.parse(handle("voice-happy").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
        assertThat(xml.single("Say").getTextContent()).isEqualTo(CallTwiml.TRANSFER_APOLOGY);
        assertThat(xml.single("Enqueue").getAttribute("workflowSid")).isEqualTo(WORKFLOW);
        JsonNode task = Json.read(xml.single("Task").getTextContent());
        assertThat(task.get("reason").asText()).isEqualTo("session_unavailable");
        assertThat(task.get("callSid").asText()).isEqualTo(CALL_SID);
    }

    @Test
    void answersTheSameWayWhenTwilioRetriesAWebhook() {
        String first = handle("voice-happy").getBody();

        APIGatewayV2HTTPResponse retry = handle("voice-happy");

        assertThat(retry.getBody()).isEqualTo(first);
        assertThat(log.events("webhook.session.exists")).hasSize(1);
    }

    @Test
    void readsTheConfigOncePerCacheWindow() {
        handle("voice-happy");
        int reads = table.reads.size();

        handle("voice-happy");

        assertThat(reads).isEqualTo(2);
        assertThat(table.reads).hasSize(2);
    }

    private APIGatewayV2HTTPResponse handle(String event) {
        return handler().handleRequest(Events.load(event), null);
    }

    private TwimlHandler handler() {
        return handler(table);
    }

    private TwimlHandler handler(FakeTable dynamo) {
        return cached.computeIfAbsent(dynamo, d -> new TwimlHandler(Fixtures.voicePorts(Fixtures.settings(),
                new DynamoUseCaseStore(d, "switchboard-test", Duration.ofSeconds(30), InstantSource.fixed(NOW)),
                sessions, InstantSource.fixed(NOW))));
    }

    /** One handler per table, as one Lambda container keeps one handler instance. */
    private final Map<FakeTable, TwimlHandler> cached = new LinkedHashMap<>();
}
