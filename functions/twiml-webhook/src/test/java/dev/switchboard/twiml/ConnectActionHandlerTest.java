package dev.switchboard.twiml;

import static dev.switchboard.twiml.Fixtures.CALLED;
import static dev.switchboard.twiml.Fixtures.CALLER;
import static dev.switchboard.twiml.Fixtures.CALL_SID;
import static dev.switchboard.twiml.Fixtures.WORKFLOW;
import static dev.switchboard.twiml.Fixtures.WS_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.twilio.Xml;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;

class ConnectActionHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:21:00Z");
    private static final String CONNECTION_LOST_EN = "Sorry, our line to the shop dropped.";
    private static final String HANDOFF_MESSAGE = "Let me get someone from the shop for you.";

    private final FakeTable table = Fixtures.table();
    private final FakeSessions sessions = new FakeSessions();
    private final LogCapture log = new LogCapture();
    private ConnectActionHandler handler;

    @BeforeEach
    void callInProgress() {
        sessions.sessions.put(CALL_SID, new CallSession(CALL_SID, "pizza", CALLER, CALLED,
                "AC00000000000000000000000000000001", "connected", NOW.minusSeconds(93), "conn-1", "", Map.of()));
        handler = new ConnectActionHandler(Fixtures.actionPorts(Fixtures.settings(),
                new DynamoUseCaseStore(table, "switchboard-test", Duration.ofSeconds(30), InstantSource.fixed(NOW)),
                sessions, sessions, sessions));
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
    void saysTheConnectionWasLostAndHandsOffInsteadOfReconnectingMoreThanTheLimit() {
        handle("action-dropped-socket");
        handle("action-dropped-socket");

        Xml third = Xml.parse(handle("action-dropped-socket").getBody());

        assertThat(third.verbs()).containsExactly("Say", "Say", "Enqueue");
        assertThat(third.all("Say")).extracting(Element::getTextContent)
                .containsExactly(CONNECTION_LOST_EN, HANDOFF_MESSAGE);
        assertThat(Json.read(third.single("Task").getTextContent()).get("reason").asText()).isEqualTo("failures");
        assertThat(sessions.outcomes).extracting(FakeSessions.Outcome::outcome)
                .containsExactly("reconnect", "reconnect", "reconnect_limit");
        assertThat(log.events("action.decision")).last().satisfies(line -> {
            assertThat(line.path("decision").asText()).isEqualTo("connection_lost_handoff");
            assertThat(line.path("reason").asText()).isEqualTo("reconnect_limit");
        });
    }

    @Test
    void reconnectsAfterTwiliosDocumentedNetworkFailureWithinTheSameLimit() {
        handle("action-dropped-socket");
        APIGatewayV2HTTPResponse network = handle(Events.action(Map.of("SessionStatus", "failed",
                "ErrorCode", "39001", "ErrorMessage", "Network connection to WebSocket server failed.")));
        Xml third = Xml.parse(handle(Events.action(Map.of("SessionStatus", "failed", "ErrorCode", "39001")))
                .getBody());

        assertThat(Xml.parse(network.getBody()).verbs()).containsExactly("Connect");
        assertThat(third.verbs()).containsExactly("Say", "Say", "Enqueue");
        assertThat(sessions.reconnects).containsEntry(CALL_SID, 3);
    }

    @Test
    void doesNotReconnectACallItHasNoSessionFor() {
        sessions.sessions.clear();

        Xml xml = Xml.parse(handle("action-dropped-socket").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Say", "Enqueue");
        assertThat(xml.all("Say").get(0).getTextContent()).isEqualTo(CONNECTION_LOST_EN);
    }

    @Test
    void saysTheConnectionWasLostAndHandsOffWhenTwilioRejectedAnAttribute() {
        Xml xml = Xml.parse(handle("action-failed-other").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Say", "Enqueue");
        Element phrase = xml.all("Say").get(0);
        assertThat(phrase.getTextContent()).isEqualTo(CONNECTION_LOST_EN);
        assertThat(phrase.getAttribute("language")).isEqualTo("en-US");
        JsonNode task = Json.read(xml.single("Task").getTextContent());
        assertThat(task.get("reason").asText()).isEqualTo("failures");
        assertThat(task.get("summary").asText()).isEqualTo("The voice session ended unexpectedly (Twilio error 64101).");
        assertThat(task.get("language").asText()).isEqualTo("en-US");
        assertThat(sessions.reconnects).isEmpty();
        assertThat(sessions.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.outcome()).isEqualTo("connection_lost");
            assertThat(o.details()).containsEntry("errorCode", "64101").containsEntry("ending", "not_retryable");
        });
    }

    @Test
    void saysTheConnectionWasLostThenGoodbyeWhenTheUseCaseHasNobodyToHandTo() {
        table.put("USECASE#pizza", "CONFIG", "{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"hangup\","
                + "\"message\":\"Please call again later. Goodbye.\"}}");

        Xml xml = Xml.parse(handle("action-failed-other").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Say", "Hangup");
        assertThat(xml.all("Say")).extracting(Element::getTextContent).containsExactly(
                Phrases.Phrase.CONNECTION_LOST.english(), "Please call again later. Goodbye.");
    }

    @Test
    void speaksTheLanguageTheConversationLastSwitchedTo() {
        sessions.languages.put("conn-1", "es-ES");

        Xml xml = Xml.parse(handle("action-failed-other").getBody());

        assertThat(xml.all("Say")).extracting(Element::getTextContent, e -> e.getAttribute("language"))
                .containsExactly(tuple("Perdón, se cortó nuestra línea con la tienda.", "es-ES"),
                        tuple(HANDOFF_MESSAGE, "es-ES"));
        assertThat(Json.read(xml.single("Task").getTextContent()).get("language").asText()).isEqualTo("es-ES");
    }

    @Test
    void namesTheLanguageOfTheFallbackTextWhenThePhraseHasNoneInTheCallsLanguage() {
        sessions.languages.put("conn-1", "fr-FR");

        Element phrase = Xml.parse(handle("action-failed-other").getBody()).all("Say").get(0);

        assertThat(phrase.getTextContent()).isEqualTo(CONNECTION_LOST_EN);
        assertThat(phrase.getAttribute("language")).isEqualTo("en-US");
    }

    @Test
    void speaksTheUseCasesLanguageWhenTheConversationsLanguageCannotBeRead() {
        sessions.languages.put("conn-1", "es-ES");
        FakeSessions noLanguages = new FakeSessions() {
            @Override
            public Optional<String> lastLanguage(String connectionId) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("throttled");
            }
        };
        noLanguages.sessions.putAll(sessions.sessions);
        handler = new ConnectActionHandler(Fixtures.actionPorts(Fixtures.settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), noLanguages, noLanguages, noLanguages));

        Xml xml = Xml.parse(handle("action-failed-other").getBody());

        assertThat(xml.all("Say")).extracting(e -> e.getAttribute("language")).containsOnly("en-US");
        assertThat(log.events("action.language.unavailable")).hasSize(1);
    }

    @Test
    void logsEachDecisionOnceWithTheStatusesTheErrorCodeAndTheUseCase() {
        handle("action-failed-other");

        assertThat(log.events("action.decision")).singleElement().satisfies(line -> {
            assertThat(line.path("sessionStatus").asText()).isEqualTo("failed");
            assertThat(line.path("errorCode").asText()).isEqualTo("64101");
            assertThat(line.path("callStatus").asText()).isEqualTo("in-progress");
            assertThat(line.path("decision").asText()).isEqualTo("connection_lost_handoff");
            assertThat(line.path("reason").asText()).isEqualTo("not_retryable");
            assertThat(line.path("useCase").asText()).isEqualTo("pizza");
            assertThat(line.path("callSid").asText()).isEqualTo(CALL_SID);
            assertThat(line.has("useCaseId")).isFalse();
        });
    }

    /**
     * Every ending Twilio documents, and the combinations around them. SessionStatus and its examples: the TwiML
     * page's "Connect action URL callback" (ended + HandoffData, failed + 39001 with the caller on the line,
     * completed when the caller hung up); error codes: twilio.com/docs/api/errors/641xx; call statuses: the call
     * resource's (in-progress, completed, canceled, busy, no-answer, failed).
     */
    @ParameterizedTest(name = "SessionStatus={0} ErrorCode={1} CallStatus={2} HandoffData={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            // the agent ended the session on purpose
            "ended,     -,     in-progress, handoff, handoff",
            "ended,     -,     in-progress, hangup,  hangup",
            "ended,     -,     completed,   handoff, hangup",
            // transient failures: a new session may get past them
            "failed,    64105, in-progress, -,       reconnect",
            "failed,    39001, in-progress, -,       reconnect",
            "failed,    64114, in-progress, -,       reconnect",
            "failed,    64105, IN_PROGRESS, -,       reconnect",
            // failures the same TwiML would hit again
            "failed,    64101, in-progress, -,       lost",
            "failed,    64102, in-progress, -,       lost",
            "failed,    64104, in-progress, -,       lost",
            "failed,    64106, in-progress, -,       lost",
            "failed,    64107, in-progress, -,       lost",
            "failed,    64108, in-progress, -,       lost",
            "failed,    64109, in-progress, -,       lost",
            "failed,    99999, in-progress, -,       lost",
            "failed,    -,     in-progress, -,       lost",
            // endings nobody asked for, with the caller still there
            "completed, -,     in-progress, -,       lost",
            "ended,     -,     in-progress, -,       lost",
            "-,         -,     in-progress, -,       lost",
            "failed,    64101, -,           -,       lost",
            // the caller is gone: nobody to speak to
            "completed, -,     completed,   -,       hangup",
            "failed,    64105, completed,   -,       hangup",
            "failed,    39001, completed,   -,       hangup",
            "failed,    64108, completed,   -,       hangup",
            "failed,    64105, canceled,    -,       hangup",
            "failed,    64102, busy,        -,       hangup",
            "failed,    64102, no-answer,   -,       hangup",
            "failed,    64105, failed,      -,       hangup"})
    void answersEachEndingTwilioDocuments(String sessionStatus, String errorCode, String callStatus,
                                          String handoff, String expected) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SessionStatus", orEmpty(sessionStatus));
        params.put("ErrorCode", orEmpty(errorCode));
        params.put("CallStatus", orEmpty(callStatus));
        if (handoff != null) {
            params.put("HandoffData", HandoffData.HANDOFF.equals(handoff)
                    ? HandoffData.handoff("caller_request", "Wants a person", "en-US").toJson()
                    : HandoffData.hangup("goodbye", "Done", "en-US").toJson());
        }

        APIGatewayV2HTTPResponse response = handle(Events.action(params));

        assertThat(response.getStatusCode()).isEqualTo(200);
        Xml xml = Xml.parse(response.getBody());
        switch (expected) {
            case "hangup" -> assertThat(xml.verbs()).containsExactly("Hangup");
            case "handoff" -> {
                assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
                assertThat(xml.single("Say").getTextContent()).isEqualTo(HANDOFF_MESSAGE);
            }
            case "reconnect" -> {
                assertThat(xml.verbs()).containsExactly("Connect");
                assertThat(xml.parameters()).containsEntry("resumed", "true");
            }
            case "lost" -> {
                assertThat(xml.verbs()).containsExactly("Say", "Say", "Enqueue");
                assertThat(xml.all("Say")).extracting(Element::getTextContent, e -> e.getAttribute("language"))
                        .containsExactly(tuple(CONNECTION_LOST_EN, "en-US"), tuple(HANDOFF_MESSAGE, "en-US"));
                assertThat(Xml.attributes(xml.single("Enqueue"))).containsEntry("workflowSid", WORKFLOW);
            }
            default -> throw new IllegalArgumentException(expected);
        }
        assertThat(sessions.reconnects.getOrDefault(CALL_SID, 0)).isEqualTo("reconnect".equals(expected) ? 1 : 0);
        assertThat(log.events("action.decision")).singleElement().satisfies(line -> {
            assertThat(line.path("sessionStatus").asText()).isEqualTo(orEmpty(sessionStatus));
            assertThat(line.path("errorCode").asText()).isEqualTo(orEmpty(errorCode));
            assertThat(line.path("callStatus").asText()).isEqualTo(orEmpty(callStatus).toLowerCase(Locale.ROOT)
                    .replace('_', '-'));
            assertThat(line.path("decision").asText()).isEqualTo(switch (expected) {
                case "lost" -> "connection_lost_handoff";
                default -> expected;
            });
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
        handler = new ConnectActionHandler(Fixtures.actionPorts(Fixtures.settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), readOnly, readOnly, readOnly));

        Xml xml = Xml.parse(handle("action-handoff").getBody());

        assertThat(xml.verbs()).containsExactly("Say", "Enqueue");
    }

    private APIGatewayV2HTTPResponse handle(String event) {
        return handle(Events.load(event));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
