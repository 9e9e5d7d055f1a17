package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.wsmessage.tools.ToolBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keypad handlers of the test use case: 0 handoff, 1 say, 2 model, 9 collect for the model, * sensitive collect for a tool. */
class KeypadScenarioTest {

    private static final String CONN = "conn-k";
    private final Scenario scenario = new Scenario();
    private final List<CompletableFuture<?>> presses = new ArrayList<>();

    @BeforeEach
    void connect() {
        scenario.connect(CONN);
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void saysTheConfiguredTextForAKey() {
        scenario.send(CONN, new InboundMessage.Dtmf("1"));

        assertThat(scenario.frames(CONN)).containsExactly(
                OutboundMessage.Text.last("We are open from eleven to ten every day."));
        assertThat(scenario.openAi.requests()).isEmpty();
        assertThat(scenario.history(CONN)).extracting(HistoryMessage::content)
                .containsExactly("The caller pressed 1 on the keypad.", "We are open from eleven to ten every day.");
    }

    @Test
    void handsOffForAKey() {
        scenario.send(CONN, new InboundMessage.Dtmf("0"));

        List<OutboundMessage> frames = scenario.frames(CONN);
        assertThat(frames.getFirst()).isEqualTo(OutboundMessage.Text.last("Let me get someone who can help you."));
        HandoffData data = HandoffData.parse(((OutboundMessage.End) frames.getLast()).handoffData());
        assertThat(data.action()).isEqualTo(HandoffData.HANDOFF);
        assertThat(data.reason()).isEqualTo("dtmf");
        assertThat(scenario.state(CONN).status()).isEqualTo(CallStatus.ENDED);
    }

    @Test
    void tellsTheModelAboutASingleKey() {
        scenario.openAi.enqueue(Reply.text("You pressed two, so here is our menu."));

        scenario.send(CONN, new InboundMessage.Dtmf("2"));

        ChatRequest request = scenario.openAi.requests().getFirst();
        assertThat(request.messages().getLast().role()).isEqualTo("system");
        assertThat(request.messages().getLast().content()).isEqualTo("The caller pressed 2 on the keypad.");
        assertThat(scenario.spoken(CONN)).isEqualTo("You pressed two, so here is our menu.");
    }

    @Test
    void ignoresAKeyWithoutHandler() {
        scenario.send(CONN, new InboundMessage.Dtmf("5"));

        assertThat(scenario.connections.frames(CONN)).isEmpty();
        assertThat(scenario.openAi.requests()).isEmpty();
    }

    @Test
    void collectsSeveralDigitsUntilTheTerminator() throws Exception {
        scenario.openAi.enqueue(Reply.text("Thanks, I found order four one two."));

        press("9", "4", "1", "2");
        scenario.send(CONN, new InboundMessage.Dtmf("#"));
        awaitPresses();

        assertThat(scenario.openAi.requests()).hasSize(1);
        assertThat(scenario.openAi.requests().getFirst().messages().getLast().content())
                .isEqualTo("The caller entered these digits on the keypad: 412");
        assertThat(scenario.spoken(CONN)).isEqualTo("Thanks, I found order four one two.");
        assertThat(scenario.state(CONN).digits().collecting()).isFalse();
    }

    @Test
    void finishesAnEntryAfterAPause() throws Exception {
        scenario.openAi.enqueue(Reply.text("Got it."));

        press("9", "7", "3");
        awaitPresses();

        assertThat(scenario.openAi.requests()).singleElement().satisfies(r ->
                assertThat(r.messages().getLast().content()).isEqualTo("The caller entered these digits on the keypad: 73"));
    }

    @Test
    void sensitiveDigitsGoToTheToolButNeverToTheModelOrTheLogs() throws Exception {
        press("*", "8", "6", "0");
        scenario.send(CONN, new InboundMessage.Dtmf("5"));
        awaitPresses();

        ToolBatch batch = scenario.tools.batches().getFirst();
        assertThat(batch.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("verify_account");
            assertThat(call.argumentsJson()).isEqualTo("{\"digits\":\"8605\"}");
        });
        assertThat(scenario.spoken(CONN)).isEqualTo("Thanks, checking that now.");
        assertThat(scenario.history(CONN)).noneMatch(m -> m.content().contains("8605")
                || m.toolCalls().stream().anyMatch(c -> c.argumentsJson().contains("8605")));
        assertThat(scenario.history(CONN).getLast().toolCalls()).singleElement()
                .satisfies(c -> assertThat(c.argumentsJson()).contains("redacted"));
        assertThat(logsWithoutClockOrIds()).doesNotContain("8605").contains("dtmf.collected");

        // when the tool's result comes back, the model sees the redacted call, never the digits
        scenario.store.appendIfAbsent(CONN, HistoryMessage.toolResult(batch.turn(), batch.step(),
                batch.calls().getFirst().toolCallId(), "verify_account", "{\"verified\":true}", java.time.Instant.now()));
        scenario.openAi.enqueue(Reply.text("You're verified."));
        scenario.engine.continueAfterTools(CONN, batch.turn(), batch.step(), Scenario.continuationBudget());
        assertThat(scenario.openAi.requests()).singleElement()
                .satisfies(r -> assertThat(r.body().toString()).doesNotContain("8605").contains("verified"));
        assertThat(logsWithoutClockOrIds()).doesNotContain("8605");
    }

    /** The logs without their timestamps and request ids, whose random digits could hold any four-digit run. */
    private String logsWithoutClockOrIds() {
        return scenario.logs().replaceAll("\"(time|requestId)\":\"[^\"]*\"|\"Timestamp\":\\d+", "");
    }

    @Test
    void apologisesInTheCallsLanguageWhenTheKeypadsToolCannotStart() throws Exception {
        scenario.store.setLanguage(CONN, "es-ES");
        scenario.tools.failing = true;

        press("*", "1", "2", "3", "4");
        awaitPresses();

        assertThat(scenario.spoken(CONN)).isEqualTo("Thanks, checking that now."
                + "Perdón, no le he entendido. ¿Puede repetirlo?");
    }

    @Test
    void aPauseLongerThanTheTurnsBudgetAllowsIsShortened() {
        // API Gateway received the press 20 s ago: waiting out the pause would leave no time for what follows
        scenario.sendReceivedAt(CONN, new InboundMessage.Dtmf("9"), System.currentTimeMillis() - 20_000);

        assertThat(scenario.logs()).contains("\"dtmf.pause_shortened\"");
        assertThat(scenario.state(CONN).digits().collecting()).isFalse();
    }

    /** Each press is its own invocation; a collecting press waits out the pause, so they run concurrently. */
    private void press(String... keys) throws InterruptedException {
        for (String key : keys) {
            presses.add(scenario.sendAsync(CONN, new InboundMessage.Dtmf(key)));
            Thread.sleep(60);
        }
    }

    private void awaitPresses() throws Exception {
        for (CompletableFuture<?> press : presses) {
            press.get(10, TimeUnit.SECONDS);
        }
    }
}
