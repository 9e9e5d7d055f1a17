package dev.switchboard.twiml;

import static dev.switchboard.twiml.Fixtures.CALLED;
import static dev.switchboard.twiml.Fixtures.CALLER;
import static dev.switchboard.twiml.Fixtures.CALL_SID;
import static dev.switchboard.twiml.Fixtures.WORKFLOW;
import static dev.switchboard.twiml.Fixtures.WS_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.twilio.Xml;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class ConnectActionHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:21:00Z");

    private final FakeTable table = Fixtures.table();
    private final FakeSessions sessions = new FakeSessions();
    private final LogCapture log = new LogCapture();
    private ConnectActionHandler handler;

    @BeforeEach
    void callInProgress() {
        sessions.sessions.put(CALL_SID, new CallSession(CALL_SID, "pizza", CALLER, CALLED,
                "AC00000000000000000000000000000001", "connected", NOW.minusSeconds(93), "conn-1", "", Map.of()));
        handler = new ConnectActionHandler(Fixtures.settings(),
                new DynamoUseCaseStore(table, "switchboard-test", Duration.ofSeconds(30), InstantSource.fixed(NOW)),
                sessions, sessions);
    }

    @AfterEach
    void restoreLog() {
        log.close();
    }

    @Test
    void handsTheCallToTheConfiguredTaskRouterWorkflow() {
        APIGatewayV2HTTPResponse response = handle("action-handoff");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/xml");
        Xml xml = Xml.parse(response.getBody());
        assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
        Element say = xml.single("Say");
        assertThat(say.getTextContent()).isEqualTo("Let me get someone from the shop for you.");
        assertThat(say.getAttribute("language")).isEqualTo("en-US");
        assertThat(Xml.attributes(xml.single("Enqueue"))).containsExactly(Map.entry("workflowSid", WORKFLOW));
        JsonNode task = Json.read(xml.single("Task").getTextContent());
        assertThat(task.get("callSid").asText()).isEqualTo(CALL_SID);
        assertThat(task.get("useCaseId").asText()).isEqualTo("pizza");
        assertThat(task.get("reason").asText()).isEqualTo("caller_request");
        assertThat(task.get("summary").asText()).isEqualTo("Wants catering for 50 & a \"party\" <today>");
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("ended");
            assertThat(o.outcome()).isEqualTo("handoff_enqueue");
            assertThat(o.details()).containsEntry("reason", "caller_request").containsEntry("durationSeconds", "93");
        });
    }

    @Test
    void dialsTheConfiguredNumberWhenTheUseCaseSaysDial() {
        table.put("USECASE#pizza", "CONFIG", "{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"dial\","
                + "\"number\":\"+14155550100\",\"message\":\"Transferring you now.\"}}");

        Xml xml = Xml.parse(handle("action-handoff").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Dial");
        assertThat(xml.single("Number").getTextContent()).isEqualTo("+14155550100");
        assertThat(sessions.outcomes).singleElement().satisfies(o -> assertThat(o.outcome()).isEqualTo("handoff_dial"));
    }

    @Test
    void saysGoodbyeAndHangsUpWhenTheUseCaseHasNobodyToHandTo() {
        table.put("USECASE#pizza", "CONFIG", "{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"hangup\","
                + "\"message\":\"Sorry, nobody is available. Goodbye.\"}}");

        Xml xml = Xml.parse(handle("action-handoff").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Hangup");
        assertThat(xml.single("Say").getTextContent()).isEqualTo("Sorry, nobody is available. Goodbye.");
    }

    @Test
    void hangsUpWhenTheAgentEndedTheCall() {
        Xml xml = Xml.parse(handle("action-hangup").getBody());

        assertThat(xml.verbs()).containsExactly("Hangup");
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo("hangup");
            assertThat(o.details()).containsEntry("reason", "goodbye");
        });
    }

    @Test
    void reconnectsWhenTheSocketDroppedWhileTheCallerIsOnTheLine() {
        Xml xml = Xml.parse(handle("action-dropped-socket").getBody());

        assertThat(xml.verbs()).containsExactly("Connect");
        assertThat(xml.single("Connect").getAttribute("action"))
                .isEqualTo("https://abc123.execute-api.us-east-1.amazonaws.com/twiml/action");
        Element relay = xml.single("ConversationRelay");
        assertThat(relay.getAttribute("url")).isEqualTo(WS_URL);
        assertThat(relay.hasAttribute("welcomeGreeting")).isFalse();
        assertThat(relay.getAttribute("voice")).isEqualTo("UgBBYS2sOqTuMpoF3BR0");
        assertThat(xml.parameters()).containsEntry("callSid", CALL_SID).containsEntry("useCaseId", "pizza")
                .containsEntry("resumed", "true");
        assertThat(sessions.reconnects).containsEntry(CALL_SID, 1);
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("reconnecting");
            assertThat(o.outcome()).isEqualTo("reconnect");
            assertThat(o.details()).containsEntry("errorCode", "64105").containsEntry("reconnects", "1");
        });
    }

    @Test
    void handsOffInsteadOfReconnectingMoreThanTheLimit() {
        handle("action-dropped-socket");
        handle("action-dropped-socket");

        Xml third = Xml.parse(handle("action-dropped-socket").getBody());

        assertThat(third.verbs()).containsExactly("Say", "Enqueue");
        assertThat(Json.read(third.single("Task").getTextContent()).get("reason").asText()).isEqualTo("failures");
        assertThat(sessions.outcomes).extracting(FakeSessions.Outcome::outcome)
                .containsExactly("reconnect", "reconnect", "reconnect_limit");
    }

    @Test
    void doesNotReconnectACallItHasNoSessionFor() {
        sessions.sessions.clear();

        Xml xml = Xml.parse(handle("action-dropped-socket").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
    }

    @Test
    void hangsUpAfterAnyOtherSessionFailure() {
        Xml xml = Xml.parse(handle("action-failed-other").getBody());

        assertThat(xml.verbs()).containsExactly("Hangup");
        assertThat(sessions.reconnects).isEmpty();
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.details()).containsEntry("errorCode", "64101");
        });
    }

    @Test
    void hangsUpWhenTheCallerAlreadyHungUp() {
        Xml xml = Xml.parse(handle("action-caller-hung-up").getBody());

        assertThat(xml.verbs()).containsExactly("Hangup");
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("completed");
            assertThat(o.outcome()).isEqualTo("caller_hung_up");
        });
    }

    @Test
    void rejectsABadSignatureWithoutRecordingAnything() {
        APIGatewayV2HTTPResponse response = handle("action-bad-signature");

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(sessions.outcomes).isEmpty();
    }

    @Test
    void apologisesWhenTheHandoffConfigCannotBeRead() {
        table.failing = true;
        sessions.failing = true;

        APIGatewayV2HTTPResponse response = handle("action-handoff");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Xml xml = Xml.parse(response.getBody());
        assertThat(xml.verbs()).containsExactly("Say", "Hangup");
        assertThat(log.events("action.outcome.unrecorded")).isNotEmpty();
    }

    @Test
    void stillHandsOffWhenTheOutcomeCannotBeRecorded() {
        FakeSessions readOnly = new FakeSessions() {
            @Override
            public void recordOutcome(String callSid, String status, String outcome, Map<String, String> details) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("throttled");
            }
        };
        readOnly.sessions.putAll(sessions.sessions);
        handler = new ConnectActionHandler(Fixtures.settings(), new DynamoUseCaseStore(table, "switchboard-test"),
                readOnly, readOnly);

        Xml xml = Xml.parse(handle("action-handoff").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
    }

    private APIGatewayV2HTTPResponse handle(String event) {
        return handler.handleRequest(Events.load(event), null);
    }
}
