package dev.switchboard.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.local.caller.ConversationFile;
import dev.switchboard.local.caller.ConversationRunner;
import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.caller.RelayTwiml;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.caller.Turn;
import dev.switchboard.local.caller.TurnCollector;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.testkit.openai.ChatRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole calls over real HTTP and WebSocket sockets against the local stack: the real webhook, message and tool
 * handlers, the real openai-java client talking to the scripted model (local/scripts/restaurant.yaml), the tool
 * state machine, and the simulated caller acting as Twilio.
 */
class EndToEndTest {

    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String RESTAURANT = "+15005550006";
    private static final String ADA = "+14155550123";

    private static Path root;
    private static LocalStack stack;
    private SimulatedCaller caller;

    @BeforeAll
    static void start() {
        root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        stack = LocalStack.builder()
                .repoRoot(root)
                .scriptedModelOnly()
                .modelScripts(root.resolve("local/scripts"))
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @AfterEach
    void hangUp() {
        stack.modelPace(Optional.empty(), Optional.empty());
        if (caller != null) {
            caller.close();
        }
    }

    /** Dials, connects, and waits while the welcome greeting plays (setup is handled meanwhile). */
    private TurnCollector call(String from, String to) throws SimulatedCaller.CallException, InterruptedException {
        caller = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(), stack.authToken(), from, to));
        caller.dial();
        caller.connect();
        TurnCollector turns = new TurnCollector(caller);
        turns.awaitQuiet(SETTLE, TIMEOUT);
        return turns;
    }

    @Test
    void greetsThenStreamsTheModelsReplyToWhatTheCallerSaid() throws Exception {
        caller = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(), stack.authToken(), ADA, RESTAURANT));
        RelayTwiml twiml = caller.dial();
        assertThat(twiml.relay().flatMap(RelayTwiml.Relay::welcomeGreeting)).hasValueSatisfying(
                greeting -> assertThat(greeting).contains("Bella Notte"));
        caller.connect();
        TurnCollector turns = new TurnCollector(caller);
        turns.awaitQuiet(SETTLE, TIMEOUT);

        caller.say("What pizzas do you have?");
        Turn turn = turns.awaitReply(SETTLE, TIMEOUT);

        assertThat(turn.timedOut()).isFalse();
        assertThat(turn.text()).contains("Margherita", "Pepperoni", "cannoli");
        assertThat(turn.eventsOf(RelayEvent.Text.class)).hasSizeGreaterThan(1)
                .last().satisfies(last -> assertThat(last.last()).isTrue());
        assertThat(turn.eventsOf(RelayEvent.Text.class)).allSatisfy(t -> assertThat(t.token()).isNotNull());
        assertThat(stack.fakeOpenAi().orElseThrow().requests()).anySatisfy(request -> assertThat(
                request.lastMessage("user").map(ChatRequest.Message::content)).contains("What pizzas do you have?"));
    }

    @Test
    void stopsStreamingWhenTheCallerInterrupts() throws Exception {
        stack.modelPace(Optional.empty(), Optional.of(Duration.ofMillis(40)));
        TurnCollector turns = call(ADA, RESTAURANT);

        caller.say("Tell me the menu.");
        Turn partial = turns.awaitText("Margherita", TIMEOUT);
        caller.interrupt(partial.text(), 900);
        Turn rest = turns.awaitQuiet(SETTLE, TIMEOUT);

        assertThat(partial.text()).contains("Margherita");
        assertThat(partial.text() + rest.text()).doesNotContain("cannoli");
        caller.say("What pizzas do you have?");
        assertThat(turns.awaitReply(SETTLE, TIMEOUT).text()).contains("cannoli");
    }

    @Test
    void answersAKeyPressWithTheUseCasesKeypadAction() throws Exception {
        TurnCollector turns = call(ADA, RESTAURANT);

        caller.dtmf("1");

        assertThat(turns.awaitReply(SETTLE, TIMEOUT).text()).contains("open Monday to Thursday");
    }

    @Test
    void runsAToolCallThroughTheLocalStateMachineAndTheRealToolHandler() throws Exception {
        TurnCollector turns = call(ADA, RESTAURANT);

        caller.say("How long is the wait for pickup?");
        Turn turn = turns.awaitReply(SETTLE, TIMEOUT);

        assertThat(turn.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("get_pickup_time");
            assertThat(call.ok()).isTrue();
            assertThat(call.content()).contains("\"summary\"");
            assertThat(call.callSid()).isEqualTo(caller.callSid());
        });
        assertThat(stack.monitor().busy(caller.callSid())).isFalse();
    }

    @Test
    void speaksTheToolResultAfterTheContinuation() throws Exception {
        TurnCollector turns = call(ADA, RESTAURANT);

        caller.say("How long is the wait for pickup?");

        assertThat(turns.awaitReply(SETTLE, TIMEOUT).text()).containsAnyOf("ready for pickup", "opens");
    }

    @Test
    void handsTheCallOffThroughTheActionUrl() throws Exception {
        TurnCollector turns = call(ADA, RESTAURANT);

        caller.say("Can I talk to a person please?");
        Turn turn = turns.awaitReply(SETTLE, TIMEOUT);

        assertThat(turn.end()).hasValueSatisfying(end -> assertThat(end.handoffData()).contains("\"action\":\"handoff\""));
        Optional<String> twiml = caller.endSession(turn.end().orElseThrow().handoffData());
        assertThat(twiml).hasValueSatisfying(t -> assertThat(t).contains("<Enqueue").contains("WW000000"));
    }

    @Test
    void rejectsAWebhookSignedWithTheWrongTokenWith403() {
        SimulatedCaller forger = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(),
                "wrong-token", ADA, RESTAURANT));

        assertThatThrownBy(forger::dial).isInstanceOfSatisfying(SimulatedCaller.CallException.class,
                e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void rejectsAnUpgradeSignedWithTheWrongTokenWith403() {
        var signature = new dev.switchboard.shared.twilio.TwilioSignature("wrong-token").sign(stack.webSocketUrl(), Map.of());

        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .header("X-Twilio-Signature", signature)
                .buildAsync(URI.create(stack.webSocketUrl()), new WebSocket.Listener() { }).join())
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void passesTheRestaurantConversationFileAgainstTheScriptedModel() throws Exception {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        ConversationRunner runner = new ConversationRunner(new PrintStream(transcript, true, StandardCharsets.UTF_8));

        ConversationRunner.Result result = runner.run(
                ConversationFile.read(root.resolve("local/conversations/restaurant-order.yaml")),
                new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(), stack.authToken(), ADA, RESTAURANT)));

        assertThat(result.failures()).as(transcript.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.passed()).isGreaterThan(10);
    }

    @Test
    void routesAnUnclaimedNumberToTheAssistantAndItsScript() throws Exception {
        TurnCollector turns = call(ADA, "+15550100199");

        caller.say("Tell me a joke.");

        assertThat(turns.awaitReply(SETTLE, TIMEOUT).text()).contains("contacts");
        assertThat(caller.answer().relay().flatMap(RelayTwiml.Relay::welcomeGreeting))
                .hasValueSatisfying(g -> assertThat(g).contains("Switchboard assistant"));
    }
}
