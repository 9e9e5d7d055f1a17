package dev.switchboard.twiml;

import static dev.switchboard.twiml.Fixtures.AUTH_TOKEN;
import static dev.switchboard.twiml.Fixtures.BASE_URL;
import static dev.switchboard.twiml.Fixtures.CALL_SID;
import static dev.switchboard.twiml.Fixtures.WS_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.switchboard.shared.aws.RotatingSecret;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rotating the Twilio auth token in Secrets Manager needs no redeploy: a mismatch re-reads it once. */
class WebhookSecretRotationTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:19:12Z");

    private final FakeTable table = Fixtures.table();
    private final FakeSessions sessions = new FakeSessions();
    private final LogCapture log = new LogCapture();
    private final RotatingSecret token = new RotatingSecret("the-token-before-rotation");

    @AfterEach
    void restoreLog() {
        log.close();
    }

    private WebhookSettings settings() {
        return new WebhookSettings("switchboard-test", BASE_URL, WS_URL, token, 2);
    }

    private TwimlHandler voice() {
        return new TwimlHandler(Fixtures.voicePorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test", Duration.ofSeconds(30), InstantSource.fixed(NOW)),
                sessions, InstantSource.fixed(NOW)));
    }

    @Test
    void acceptsASignatureMadeWithTheRotatedTokenAfterReadingItAgainOnce() {
        token.rotateTo(AUTH_TOKEN);     // Twilio signs with the new token; the container still holds the old one
        TwimlHandler handler = voice();

        APIGatewayV2HTTPResponse first = handler.handleRequest(Events.load("voice-happy"), null);
        APIGatewayV2HTTPResponse second = handler.handleRequest(Events.load("voice-unicode-caller"), null);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getBody()).contains("<ConversationRelay");
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(token.refreshes).as("read again once, then the new token matches").isEqualTo(1);
        assertThat(log.events("webhook.auth_token_rotated")).hasSize(1);
        assertThat(sessions.sessions).containsKey(CALL_SID);
    }

    @Test
    void stillRejectsAForgedSignatureWhenTheTokenDidNotChange() {
        token.rotateTo(AUTH_TOKEN);
        token.refresh();
        token.refreshes = 0;

        APIGatewayV2HTTPResponse response = voice().handleRequest(Events.load("voice-bad-signature"), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(token.refreshes).isEqualTo(1);
        assertThat(log.events("webhook.rejected")).singleElement()
                .satisfies(l -> assertThat(l.path("reason").asText()).isEqualTo("signature mismatch"));
        assertThat(sessions.sessions).isEmpty();
    }

    @Test
    void aMissingSignatureIsRejectedWithoutReadingTheTokenAgain() {
        APIGatewayV2HTTPResponse response = voice().handleRequest(Events.load("voice-missing-signature"), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(token.refreshes).isZero();
    }

    @Test
    void theActionCallbackAcceptsTheRotatedTokenToo() {
        token.rotateTo(AUTH_TOKEN);
        sessions.sessions.put(CALL_SID, new dev.switchboard.shared.session.CallSession(CALL_SID, "pizza",
                Fixtures.CALLER, Fixtures.CALLED, "AC00000000000000000000000000000001", "connected",
                NOW.minusSeconds(60), "conn-1", "", java.util.Map.of()));
        ConnectActionHandler handler = new ConnectActionHandler(Fixtures.actionPorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test", Duration.ofSeconds(30), InstantSource.fixed(NOW)),
                sessions, sessions, sessions));

        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.load("action-hangup"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(token.refreshes).isEqualTo(1);
    }

    @Test
    void aTokenThatCannotBeReadGetsTheCallerAnApologyAndStoresNothing() {
        token.unreadable();

        APIGatewayV2HTTPResponse response = voice().handleRequest(Events.load("voice-happy"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("<Say").contains(CallTwiml.APOLOGY).contains("<Hangup/>");
        assertThat(log.events("webhook.failed")).singleElement()
                .satisfies(l -> assertThat(l.path("reason").asText()).isEqualTo("auth token unavailable"));
        assertThat(sessions.sessions).isEmpty();
        assertThat(table.reads).isEmpty();
    }
}
