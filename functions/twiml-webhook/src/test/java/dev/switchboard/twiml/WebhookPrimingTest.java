package dev.switchboard.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.aws.RotatingSecret;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookPrimingTest {

    private final FakeTable table = Fixtures.table();
    private final FakeSessions sessions = new FakeSessions();
    private final RotatingSecret token = new RotatingSecret(Fixtures.AUTH_TOKEN);
    private final LogCapture log = new LogCapture();

    @AfterEach
    void restoreLog() {
        log.close();
    }

    private WebhookSettings settings() {
        return new WebhookSettings("switchboard-test", Fixtures.BASE_URL, Fixtures.WS_URL, token, 2);
    }

    @Test
    void theVoiceWebhookPrimesASignedCallThroughTheRealAnswerPathOnSamplesOnly() {
        TwimlHandler handler = new TwimlHandler(Fixtures.voicePorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), sessions, InstantSource.system()));

        Priming.Report report = handler.priming().run();

        assertThat(report.ok()).as(report.failed().toString()).isTrue();
        assertThat(report.primed()).containsExactly("voice-webhook", "dynamodb-getitem");
        assertThat(log.events("webhook.answered")).singleElement().satisfies(line -> {
            assertThat(line.path("useCase").asText()).isEqualTo(PrimingSamples.USE_CASE_ID);
            assertThat(line.path("configProblems").asInt()).as("the sample item parsed cleanly").isZero();
        });
        assertThat(log.events("webhook.rejected")).as("the sample's signature checked out").isEmpty();
        assertThat(table.reads).as("no table read").isEmpty();
        assertThat(sessions.sessions).as("no session stored").isEmpty();
        assertThat(token.refreshes).isZero();
    }

    @Test
    void theActionCallbackPrimesAHandoffAReconnectAndAConnectionLostHandoff() {
        ConnectActionHandler handler = new ConnectActionHandler(Fixtures.actionPorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), sessions, sessions, sessions));

        Priming.Report report = handler.priming().run();

        assertThat(report.ok()).as(report.failed().toString()).isTrue();
        assertThat(report.primed()).containsExactly("connect-action", "dynamodb-getitem");
        assertThat(log.events("action.outcome")).extracting(l -> l.path("outcome").asText())
                .containsExactly("handoff_enqueue", "reconnect", "connection_lost");
        assertThat(table.reads).isEmpty();
        assertThat(sessions.outcomes).isEmpty();
    }

    @Test
    void primingNeverReadsTheAuthTokenSoNothingSecretIsInTheSnapshot() {
        token.unreadable();
        TwimlHandler voice = new TwimlHandler(Fixtures.voicePorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), sessions, InstantSource.system()));
        ConnectActionHandler action = new ConnectActionHandler(Fixtures.actionPorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), sessions, sessions, sessions));

        assertThat(voice.priming().run().ok()).isTrue();
        assertThat(action.priming().run().ok()).isTrue();
    }

    @Test
    void primingTwiceDoesTheSameWork() {
        TwimlHandler handler = new TwimlHandler(Fixtures.voicePorts(settings(),
                new DynamoUseCaseStore(table, "switchboard-test"), sessions, InstantSource.system()));

        Priming.Report first = handler.priming().run();
        Priming.Report second = handler.priming().run();

        assertThat(second).isEqualTo(first);
        assertThat(log.events("webhook.answered")).hasSize(2);
    }
}
