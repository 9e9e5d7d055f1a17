package dev.switchboard.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.caller.RelayTwiml;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * The HTTP and WebSocket gateways over real sockets, with the real TwiML handler behind the webhook and stand-ins
 * behind the WebSocket routes.
 */
class GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder()
                .repoRoot(Repo.root())
                .scriptedModelOnly()
                .function("WsConnectFunction", StandIns.SignatureCheckingConnect::new)
                .function("WsMessageFunction", StandIns.Echo::new)
                .function("WsDisconnectFunction", StandIns.Recorder::new)
                .function("ToolContinuationFunction", StandIns.Recorder::new)
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private SimulatedCaller caller() {
        return new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(), stack.authToken(),
                "+14155550123", "+15005550006"));
    }

    private static List<RelayEvent.Text> texts(SimulatedCaller caller, int count) throws InterruptedException {
        List<RelayEvent.Text> texts = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (texts.size() < count && System.nanoTime() < deadline) {
            caller.next(Duration.ofMillis(100)).filter(RelayEvent.Text.class::isInstance)
                    .map(RelayEvent.Text.class::cast).ifPresent(texts::add);
        }
        return texts;
    }

    private StandIns.Echo echo() {
        return (StandIns.Echo) stack.function("WsMessageFunction").handler();
    }

    @Test
    void answersASignedWebhookWithTheRelayTwimlOfTheRealHandler() throws Exception {
        RelayTwiml twiml = caller().dial();

        assertThat(twiml.relay()).hasValueSatisfying(relay -> {
            assertThat(relay.url()).isEqualTo(stack.webSocketUrl());
            assertThat(relay.actionUrl()).isEqualTo(stack.actionUrl());
            assertThat(relay.welcomeGreeting()).hasValueSatisfying(g -> assertThat(g).contains("Bella Notte"));
        });
    }

    @Test
    void rejectsAWebhookWithABadSignatureWith403() {
        SimulatedCaller forger = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(),
                "not-the-token", "+14155550123", "+15005550006"));

        assertThatThrownBy(forger::dial).isInstanceOfSatisfying(SimulatedCaller.CallException.class,
                e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void answersAnUnknownRouteWith404() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.localBaseUrl() + "/nowhere")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void deliversWhatTheMessageHandlerPostsToConnectionsToTheSocket() throws Exception {
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.say("hello there");

            assertThat(texts(caller, 3)).extracting(RelayEvent.Text::token, RelayEvent.Text::last)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("You said: ", false),
                            org.assertj.core.groups.Tuple.tuple("hello there", false),
                            org.assertj.core.groups.Tuple.tuple(".", true));
        }
    }

    @Test
    void givesConnectTheUpgradeHeadersAndMessagesTheSameConnectionId() throws Exception {
        StandIns.SignatureCheckingConnect connect =
                (StandIns.SignatureCheckingConnect) stack.function("WsConnectFunction").handler();
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.dtmf("7");
            assertThat(texts(caller, 1)).extracting(RelayEvent.Text::token).containsExactly("Pressed 7");

            APIGatewayV2WebSocketEvent upgrade = connect.events.get(connect.events.size() - 1);
            assertThat(upgrade.getRequestContext().getRouteKey()).isEqualTo("$connect");
            assertThat(upgrade.getRequestContext().getEventType()).isEqualTo("CONNECT");
            assertThat(upgrade.getHeaders()).containsKey("X-Twilio-Signature").containsKey("Host");
            String connectionId = upgrade.getRequestContext().getConnectionId();
            assertThat(echo().events).filteredOn(e -> e.getRequestContext().getConnectionId().equals(connectionId))
                    .extracting(e -> e.getRequestContext().getRouteKey() + " " + e.getRequestContext().getEventType())
                    .containsOnly("$default MESSAGE");
            assertThat(echo().events).filteredOn(e -> e.getRequestContext().getConnectionId().equals(connectionId))
                    .extracting(APIGatewayV2WebSocketEvent::getBody)
                    .anySatisfy(body -> assertThat(body).contains("\"type\":\"setup\"").contains("\"callSid\""));
        }
    }

    @Test
    void refusesAnUpgradeWithABadSignatureWith403() {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("X-Twilio-Signature", new TwilioSignature("not-the-token").sign(stack.webSocketUrl(), java.util.Map.of()));

        assertThatThrownBy(() -> builder.buildAsync(URI.create(stack.webSocketUrl()), new WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void refusesAnUpgradeWithoutASignature() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(stack.webSocketUrl()), new WebSocket.Listener() { }).join())
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void runsFramesOfOneConnectionConcurrentlyLikeSeparateInvocations() throws Exception {
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.say("wait");
            caller.dtmf("1");

            assertThat(texts(caller, 2)).extracting(RelayEvent.Text::token)
                    .containsExactlyInAnyOrder("Pressed 1", "both ran at once");
        }
    }

    @Test
    void sendsApiGatewaysErrorFrameWhenTheHandlerThrows() throws Exception {
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.say("boom");

            Optional<RelayEvent> event = Optional.empty();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (event.isEmpty() && System.nanoTime() < deadline) {
                event = caller.next(Duration.ofMillis(100));
            }
            assertThat(event).hasValueSatisfying(e -> assertThat(e).isInstanceOfSatisfying(RelayEvent.Unknown.class,
                    u -> assertThat(u.raw()).contains("\"message\":\"Internal server error\"").contains("connectionId")));
        }
    }

    @Test
    void invokesDisconnectOnHangUpAndAnswersLaterPostsWithGone() throws Exception {
        StandIns.Recorder disconnects = (StandIns.Recorder) stack.function("WsDisconnectFunction").handler();
        String connectionId;
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.dtmf("2");
            texts(caller, 1);
            connectionId = echo().events.get(echo().events.size() - 1).getRequestContext().getConnectionId();
            caller.hangup();
        }

        assertThat(disconnects.called.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(disconnects.events).anySatisfy(e -> {
            APIGatewayV2WebSocketEvent event = (APIGatewayV2WebSocketEvent) e;
            assertThat(event.getRequestContext().getRouteKey()).isEqualTo("$disconnect");
            assertThat(event.getRequestContext().getEventType()).isEqualTo("DISCONNECT");
        });
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stack.monitor().counter("ws.$disconnect") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> echo().management().postToConnection(r -> r.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("{\"type\":\"text\",\"token\":\"late\",\"last\":true}"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void countsRoutesAndFrames() throws Exception {
        long before = stack.monitor().counter("ws.framesOut");
        try (SimulatedCaller caller = caller()) {
            caller.dial();
            caller.connect();
            caller.say("count me");
            texts(caller, 3);
        }

        // The gateway counts a frame once send() returns, which can be just after the caller has read it.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stack.monitor().counter("ws.framesOut") - before < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(stack.monitor().counter("ws.framesOut") - before).isEqualTo(3);
        assertThat(stack.monitor().counter("http.POST /twiml")).isPositive();
        assertThat(stack.monitor().counter("ws.$default")).isPositive();
    }
}
