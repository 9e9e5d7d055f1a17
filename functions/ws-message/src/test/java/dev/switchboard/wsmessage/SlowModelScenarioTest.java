package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A model that is slow to finish (the turn's budget cuts the reply with the {@code wrapUp} phrase) or slow to start
 * (the first-token filler), through the real {@link MessageHandler}, openai-java and {@link FakeOpenAi}. The budget
 * runs at API Gateway's real figures (29 s, wrap-up 25 s after the frame's request time): the frames are given a
 * request time in the past, as a frame that waited for a cold start would have, so the budget's end comes within a
 * second or two. Nothing asserts a wall-clock time.
 */
class SlowModelScenarioTest {

    private static final String CONN = "conn-slow=";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** About 100 tokens: at 350 ms a token the model would take 35 s. */
    private static final String LONG_REPLY = "Thanks for calling Luigi's. Today we have a margherita pizza, a "
            + "pepperoni pizza, and a vegetarian lasagna, all freshly made. Delivery takes about forty minutes to most "
            + "addresses in town, and pickup is usually ready in twenty. Would you like to hear the prices, or are you "
            + "ready to order? I can also tell you about our desserts if you like. We close at ten tonight, so there "
            + "is plenty of time. Just let me know what sounds good to you and your family tonight.";
    private static final Duration SLOW_PACE = Duration.ofMillis(350);
    private static final String WRAP_UP = "Sorry, that is taking too long. Let's keep going.";
    private static final String FILLER = "One moment, please.";
    private static final String APOLOGY = "Sorry, I missed that. Could you say it again?";

    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    /** A prompt that API Gateway received {@code ago} before now: its budget has 25 s minus that left. */
    private void promptReceived(String text, Duration ago) {
        scenario.sendReceivedAt(CONN, new InboundMessage.Prompt(text, "en-US", true),
                System.currentTimeMillis() - ago.toMillis());
    }

    private JsonNode turnMetrics() {
        return scenario.metrics().stream().filter(m -> m.has("PostsPerReply")).reduce((a, b) -> b).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------ the turn budget

    @Test
    void cutsAReplyThatWouldRunPastTheBudgetWithTheWrapUpPhraseAndKeepsWhatTheCallerHeard() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(SLOW_PACE));
        assertThat(Reply.text(LONG_REPLY).tokens()).hasSizeGreaterThanOrEqualTo(100);

        promptReceived("What's good today?", Duration.ofSeconds(24));

        List<OutboundMessage.Text> texts = scenario.texts(CONN);
        String spoken = scenario.spoken(CONN);
        assertThat(spoken).endsWith(WRAP_UP);
        String words = spoken.substring(0, spoken.length() - WRAP_UP.length());
        assertThat(LONG_REPLY).startsWith(words.strip());
        assertThat(texts.getLast().last()).isTrue();
        assertThat(texts.subList(0, texts.size() - 1)).noneMatch(OutboundMessage.Text::last);
        assertThat(scenario.openAi.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);

        HistoryMessage reply = scenario.history(CONN).getLast();
        assertThat(reply.kind()).isEqualTo(HistoryMessage.Kind.ASSISTANT);
        assertThat(reply.content()).isEqualTo(spoken);
        assertThat(reply.interrupted()).isFalse();
        assertThat(scenario.state(CONN).failures()).isZero();
        assertThat(turnMetrics().path("outcome").asText()).isEqualTo("budget");
        assertThat(scenario.metrics()).anyMatch(m -> m.path("TurnBudgetReached").asInt() == 1);
        assertThat(scenario.logs()).contains("\"turn.budget_reached\"");

        // the next turn tells the model what the caller heard, wrap-up included
        scenario.openAi.enqueue(Reply.text("The lasagna."));
        scenario.prompt(CONN, "Just the special, please.");
        List<ChatRequest.Message> messages = scenario.openAi.requests().get(1).messages();
        assertThat(messages.get(messages.size() - 2).content()).isEqualTo(spoken);
        assertThat(scenario.spoken(CONN)).endsWith("The lasagna.");
    }

    @Test
    void aPromptWhoseBudgetIsAlreadySpentSaysOnlyTheWrapUpAndAsksNoModel() {
        scenario.connect(CONN);

        promptReceived("Hello?", Duration.ofSeconds(26));

        assertThat(scenario.openAi.requests()).isEmpty();
        assertThat(scenario.texts(CONN)).singleElement().satisfies(t -> {
            assertThat(t.token()).isEqualTo(WRAP_UP);
            assertThat(t.last()).isTrue();
        });
        assertThat(scenario.history(CONN)).extracting(HistoryMessage::kind, HistoryMessage::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple(HistoryMessage.Kind.USER, "Hello?"),
                org.assertj.core.groups.Tuple.tuple(HistoryMessage.Kind.ASSISTANT, WRAP_UP));
        assertThat(scenario.state(CONN).turn()).isEqualTo(1);
    }

    @Test
    void aModelThatSendsNoResponseAtAllIsGivenUpAtTheBudget() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Too late.").headersDelay(Duration.ofSeconds(15)));

        promptReceived("Hello?", Duration.ofSeconds(24));

        assertThat(scenario.spoken(CONN)).isEqualTo(WRAP_UP);
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo(WRAP_UP);
        assertThat(scenario.state(CONN).failures()).isZero();
        assertThat(turnMetrics().path("outcome").asText()).isEqualTo("budget");
    }

    @Test
    void theLambdaContextsRemainingTimeBoundsTheTurnToo() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(SLOW_PACE));

        // received just now, but Lambda stops this invocation in 5 s: wrap-up 4 s before that
        scenario.sendWithContext(CONN, new InboundMessage.Prompt("What's good today?", "en-US", true),
                LambdaContext.withRemaining(Duration.ofSeconds(5)));

        assertThat(scenario.spoken(CONN)).endsWith(WRAP_UP);
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo(scenario.spoken(CONN));
    }

    @Test
    void aReplyThatEndsWithinTheBudgetIsNotTouched() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("We close at ten.").tokenPace(Duration.ofMillis(20)));

        promptReceived("When do you close?", Duration.ofSeconds(20));

        assertThat(scenario.spoken(CONN)).isEqualTo("We close at ten.");
        assertThat(turnMetrics().path("outcome").asText()).isEqualTo("replied");
    }

    @Test
    void theBudgetStopsAChainOfToolStepsBeforeTheNextModelRequest() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Let me switch to Spanish.")
                .withToolCalls(ToolCall.of("call_l", "switch_language", "{\"language\":\"es-ES\"}"))
                .tokenPace(SLOW_PACE));
        scenario.openAi.enqueue(Reply.text("¡Hola! ¿Qué desea?"));

        promptReceived("¿Habla español?", Duration.ofSeconds(23));

        // step 1 (about 4 s of tokens) runs into the budget: its tool call is cut off, so no step 2
        assertThat(scenario.openAi.requests()).hasSize(1);
        assertThat(scenario.spoken(CONN)).endsWith(WRAP_UP);
        assertThat(scenario.state(CONN).language()).isEmpty();
        assertThat(scenario.history(CONN).getLast().toolCalls()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ the first-token filler

    @Test
    void aStalledModelGetsTheFillerThenTheApologyAtTheTokenTimeout() {
        scenario.fillerAfter(600);
        scenario.connect(CONN);
        // accepts the request, then says nothing for longer than the 3 s token timeout
        scenario.openAi.enqueue(Reply.text("Too late.").firstTokenDelay(Duration.ofSeconds(6)));

        scenario.prompt(CONN, "Hello?");

        List<OutboundMessage.Text> texts = scenario.texts(CONN);
        assertThat(texts.getFirst()).isEqualTo(OutboundMessage.Text.last(FILLER));
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + APOLOGY);
        assertThat(texts.getLast().last()).isTrue();
        // history has the apology (what the agent said about the failure), never the filler
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo(APOLOGY);
        assertThat(scenario.state(CONN).failures()).isEqualTo(1);
        assertThat(scenario.state(CONN).filler()).isEqualTo(FILLER);
        JsonNode turn = turnMetrics();
        assertThat(turn.path("Fillers").asInt()).isEqualTo(1);
        assertThat(turn.path("outcome").asText()).isEqualTo("apology");
        assertThat(scenario.logs()).contains("\"turn.filler\"");
    }

    @Test
    void aSlowStartGetsTheFillerThenTheReplyAsItsOwnTalkCycleAndHistoryKeepsOnlyTheModelsWords() {
        scenario.fillerAfter(400);
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("We close at ten tonight.").firstTokenDelay(Duration.ofMillis(1500)));

        scenario.prompt(CONN, "When do you close?");

        List<OutboundMessage.Text> texts = scenario.texts(CONN);
        assertThat(texts.getFirst()).isEqualTo(OutboundMessage.Text.last(FILLER));
        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER + "We close at ten tonight.");
        assertThat(texts.getLast().last()).isTrue();
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo("We close at ten tonight.");
        assertThat(turnMetrics().path("Fillers").asInt()).isEqualTo(1);
        assertThat(turnMetrics().path("outcome").asText()).isEqualTo("replied");
    }

    @Test
    void aModelThatAnswersBeforeFillerAfterMsGetsNoFiller() {
        scenario.fillerAfter(2500);
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("We close at ten tonight.").firstTokenDelay(Duration.ofMillis(100)));

        scenario.prompt(CONN, "When do you close?");

        assertThat(scenario.spoken(CONN)).isEqualTo("We close at ten tonight.");
        assertThat(scenario.texts(CONN)).extracting(OutboundMessage.Text::token).doesNotContain(FILLER);
        assertThat(turnMetrics().path("Fillers").asInt()).isZero();
        assertThat(scenario.state(CONN).filler()).isEmpty();
    }

    @Test
    void aToolCallCountsAsTheFirstTokenToo() {
        scenario.fillerAfter(600);
        scenario.connect(CONN);
        // the call's header comes at once, its arguments over more than fillerAfterMs
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"1\"}"))
                .tokenPace(Duration.ofMillis(150)));

        scenario.prompt(CONN, "Where is order 1?");

        assertThat(scenario.spoken(CONN)).isEqualTo("One moment while I look that up.");
        assertThat(turnMetrics().path("Fillers").asInt()).isZero();
    }

    @Test
    void saysTheFillerInTheCallsLanguageOncePerModelRequest() {
        scenario.fillerAfter(500);
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_l", "switch_language", "{\"language\":\"es-ES\"}"))
                .firstTokenDelay(Duration.ofMillis(1200)));
        scenario.openAi.enqueue(Reply.text("¡Claro!").firstTokenDelay(Duration.ofMillis(1200)));

        scenario.prompt(CONN, "¿Habla español?");

        assertThat(scenario.texts(CONN)).extracting(OutboundMessage.Text::token)
                .containsExactly(FILLER, "Un momento, por favor.", "¡Claro!");
        assertThat(turnMetrics().path("Fillers").asInt()).isEqualTo(2);
    }

    @Test
    void anInterruptDuringTheFillerLeavesNoReplyInHistory() throws Exception {
        scenario.fillerAfter(400);
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).firstTokenDelay(Duration.ofSeconds(2)));

        var reply = scenario.sendAsync(CONN, new InboundMessage.Prompt("What's good today?", "en-US", true));
        scenario.connections.awaitFrames(CONN, frames -> !frames.isEmpty(), WAIT);
        awaitFillerRecorded();
        scenario.send(CONN, new InboundMessage.Interrupt("One moment", 300));
        reply.get(10, TimeUnit.SECONDS);

        assertThat(scenario.spoken(CONN)).isEqualTo(FILLER);
        HistoryMessage stored = scenario.history(CONN).getLast();
        assertThat(stored.kind()).isEqualTo(HistoryMessage.Kind.ASSISTANT);
        assertThat(stored.content()).isEmpty();
        assertThat(stored.interrupted()).isTrue();

        scenario.openAi.enqueue(Reply.text("Sure."));
        scenario.prompt(CONN, "Just the special.");
        assertThat(scenario.openAi.requests().get(1).messages()).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "user");
    }

    @Test
    void anInterruptAfterTheFillerKeepsOnlyTheWordsOfTheReplyTheCallerHeard() throws Exception {
        scenario.fillerAfter(400);
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).firstTokenDelay(Duration.ofMillis(1200))
                .tokenPace(Duration.ofMillis(40)));

        var reply = scenario.sendAsync(CONN, new InboundMessage.Prompt("What's good today?", "en-US", true));
        scenario.connections.awaitFrames(CONN, frames -> frames.size() >= 3, WAIT);
        awaitFillerRecorded();
        // Twilio may report the filler's cycle with the reply's words
        scenario.send(CONN, new InboundMessage.Interrupt(FILLER + " Thanks for calling Luigi's.", 900));
        reply.get(10, TimeUnit.SECONDS);

        HistoryMessage stored = scenario.history(CONN).getLast();
        assertThat(stored.content()).isEqualTo("Thanks for calling Luigi's.");
        assertThat(stored.interrupted()).isTrue();
    }

    /** The filler's state write runs in the background; an interrupt that should see it waits for it. */
    private void awaitFillerRecorded() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scenario.state(CONN).filler().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
