package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationScenarioTest {

    private static final String CONN = "conn-1=";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LONG_REPLY = "Thanks for calling Luigi's. Today we have a margherita pizza, a "
            + "pepperoni pizza, and a vegetarian lasagna, all freshly made. Delivery takes about forty minutes to most "
            + "addresses in town, and pickup is usually ready in twenty. Would you like to hear the prices, or are you "
            + "ready to order? I can also tell you about our desserts if you like. We close at ten tonight, so there "
            + "is plenty of time. Just let me know what sounds good to you and your family tonight.";

    /** The test use case's own apology (usecases/test.json), not the built-in one. */
    private static final String APOLOGY = "Sorry, I missed that. Could you say it again?";

    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void answersAPromptWithAStreamedReplyAndRemembersTheTurn() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Hello Ada! We are open until ten tonight."));

        assertThat(scenario.prompt(CONN, "When do you close?").getStatusCode()).isEqualTo(200);

        List<OutboundMessage.Text> texts = scenario.texts(CONN);
        assertThat(scenario.spoken(CONN)).isEqualTo("Hello Ada! We are open until ten tonight.");
        assertThat(texts.getLast().last()).isTrue();
        assertThat(texts.subList(0, texts.size() - 1)).noneMatch(OutboundMessage.Text::last);
        assertThat(texts).allSatisfy(t -> assertThat(t.token()).isNotNull());

        ChatRequest request = scenario.openAi.requests().getFirst();
        assertThat(request.stream()).isTrue();
        assertThat(request.model()).isEqualTo("gpt-test");
        assertThat(request.messages().getFirst().role()).isEqualTo("system");
        assertThat(request.messages().getFirst().content()).contains("Luigi's").contains("Speak en-US");
        assertThat(request.lastMessage("user").orElseThrow().content()).isEqualTo("When do you close?");
        assertThat(request.tools()).extracting(ChatRequest.Tool::name)
                .contains("lookup_order", "verify_account", "handoff_to_human", "end_call", "switch_language", "send_digits");

        assertThat(scenario.history(CONN)).extracting(HistoryMessage::kind, HistoryMessage::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple(HistoryMessage.Kind.USER, "When do you close?"),
                org.assertj.core.groups.Tuple.tuple(HistoryMessage.Kind.ASSISTANT, "Hello Ada! We are open until ten tonight."));
        assertThat(scenario.state(CONN).turn()).isEqualTo(1);
        assertThat(scenario.sessions.get(Scenario.CALL_SID).orElseThrow().connectionId()).isEqualTo(CONN);

        JsonNode turn = scenario.metrics().stream().filter(m -> m.has("PostsPerReply")).findFirst().orElseThrow();
        assertThat(turn.get("UseCase").asText()).isEqualTo("test");
        assertThat(turn.get("PostsPerReply").asInt()).isEqualTo(scenario.connections.frames(CONN).size());
        assertThat(turn.has("PromptToFirstToken")).isTrue();
        assertThat(turn.has("PromptToFirstPost")).isTrue();
        assertThat(turn.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Switchboard");
        assertThat(scenario.logs()).contains("\"callSid\":\"" + Scenario.CALL_SID + "\"").contains("\"useCase\":\"test\"")
                .contains("\"turn\":1")
                .doesNotContain("When do you close?");
    }

    @Test
    void sendsTheHistoryOfEarlierTurnsToTheModel() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("We have pizza."));
        scenario.prompt(CONN, "What do you have?");
        scenario.openAi.enqueue(Reply.text("Twelve dollars."));
        scenario.prompt(CONN, "How much is it?");

        List<ChatRequest.Message> messages = scenario.openAi.requests().get(1).messages();
        assertThat(messages).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(messages.get(2).content()).isEqualTo("We have pizza.");
    }

    @Test
    void coalescesAHundredTokenReplyIntoAFewPosts() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(Duration.ofMillis(2)));

        scenario.prompt(CONN, "What's good today?");

        assertThat(Reply.text(LONG_REPLY).tokens()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(scenario.spoken(CONN)).isEqualTo(LONG_REPLY);
        assertThat(scenario.connections.frames(CONN)).as("posts").hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void cleansMarkdownAndLinksFromSpeechButKeepsTheOriginalInHistory() {
        scenario.connect(CONN);
        String markdown = "**Sure!** See [our menu](https://luigis.example/menu) 🍕 for e.g. prices.";
        scenario.openAi.enqueue(Reply.text(markdown));

        scenario.prompt(CONN, "Where is the menu?");

        assertThat(scenario.spoken(CONN)).isEqualTo("Sure! See our menu for for example prices.");
        assertThat(scenario.history(CONN).getLast().content()).isEqualTo(markdown);
    }

    @Test
    void stopsStreamingWhenTheCallerInterruptsAndKeepsOnlyWhatWasHeard() throws Exception {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(Duration.ofMillis(40)));

        var reply = scenario.sendAsync(CONN, new InboundMessage.Prompt("What's good today?", "en-US", true));
        scenario.connections.awaitFrames(CONN, frames -> frames.size() >= 2, WAIT);
        scenario.send(CONN, new InboundMessage.Interrupt("Thanks for calling Luigi's.", 800));
        int framesAtInterrupt = scenario.connections.frames(CONN).size();
        reply.get(10, TimeUnit.SECONDS);

        // stops within one chunk of the interrupt, and the model stream is closed
        assertThat(scenario.connections.frames(CONN).size()).isLessThanOrEqualTo(framesAtInterrupt + 1);
        assertThat(scenario.spoken(CONN)).isNotEqualTo(LONG_REPLY);
        assertThat(scenario.openAi.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
        HistoryMessage assistant = scenario.history(CONN).getLast();
        assertThat(assistant.kind()).isEqualTo(HistoryMessage.Kind.ASSISTANT);
        assertThat(assistant.content()).isEqualTo("Thanks for calling Luigi's.");
        assertThat(assistant.interrupted()).isTrue();
        assertThat(scenario.state(CONN).turn()).isEqualTo(2);
        assertThat(scenario.metrics()).anyMatch(m -> m.has("Interrupts"));

        // the next turn tells the model what the caller actually heard
        scenario.openAi.enqueue(Reply.text("Sure, the lasagna."));
        scenario.prompt(CONN, "Just tell me the special.");
        List<ChatRequest.Message> messages = scenario.openAi.requests().get(1).messages();
        assertThat(messages.get(messages.size() - 2).content()).isEqualTo("Thanks for calling Luigi's.");
    }

    @Test
    void rewritesAReplyThatFinishedStreamingWhenTheCallerInterruptsItsPlayback() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Our hours are eleven to ten, every day of the week."));
        scenario.prompt(CONN, "Hours?");

        scenario.send(CONN, new InboundMessage.Interrupt("Our hours are eleven", 500));

        HistoryMessage assistant = scenario.history(CONN).getLast();
        assertThat(assistant.content()).isEqualTo("Our hours are eleven");
        assertThat(assistant.interrupted()).isTrue();
    }

    @Test
    void anInterruptProcessedAfterANewerPromptDoesNotSilenceItsReply() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Yes, we deliver until nine."));
        scenario.prompt(CONN, "Do you deliver?");
        long promptArrived = scenario.lastReceivedAt();

        // Twilio sent this interrupt (about the previous reply) before the prompt, but it ran late
        scenario.sendReceivedAt(CONN, new InboundMessage.Interrupt("Welcome to", 300), promptArrived - 200);

        assertThat(scenario.state(CONN).turn()).isEqualTo(1);
        HistoryMessage reply = scenario.history(CONN).getLast();
        assertThat(reply.content()).isEqualTo("Yes, we deliver until nine.");
        assertThat(reply.interrupted()).isFalse();
    }

    @Test
    void aNewPromptWhileStreamingTakesOverTheCall() throws Exception {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(Duration.ofMillis(40)));
        scenario.openAi.enqueue(Reply.text("Yes, we deliver."));

        var first = scenario.sendAsync(CONN, new InboundMessage.Prompt("What's good today?", "en-US", true));
        scenario.connections.awaitFrames(CONN, frames -> !frames.isEmpty(), WAIT);
        scenario.prompt(CONN, "Actually, do you deliver?");
        first.get(10, TimeUnit.SECONDS);

        assertThat(scenario.openAi.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
        List<OutboundMessage.Text> texts = scenario.texts(CONN);
        assertThat(texts.getLast().last()).isTrue();
        assertThat(scenario.spoken(CONN)).endsWith("Yes, we deliver.").doesNotContain("desserts");
        assertThat(scenario.state(CONN).turn()).isEqualTo(2);
        assertThat(scenario.history(CONN)).extracting(HistoryMessage::content).contains("Actually, do you deliver?",
                "Yes, we deliver.");
    }

    @Test
    void switchesLanguageWhenTheModelAsks() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_lang", "switch_language", "{\"language\":\"es-ES\"}")));
        scenario.openAi.enqueue(Reply.text("¡Claro! ¿En qué puedo ayudarle?"));

        scenario.prompt(CONN, "¿Habla español?");

        List<OutboundMessage> frames = scenario.frames(CONN);
        assertThat(frames.getFirst()).isEqualTo(OutboundMessage.Language.both("es-ES"));
        assertThat(scenario.spoken(CONN)).isEqualTo("¡Claro! ¿En qué puedo ayudarle?");
        assertThat(scenario.state(CONN).language()).isEqualTo("es-ES");
        ChatRequest second = scenario.openAi.requests().get(1);
        assertThat(second.messages().getFirst().content()).contains("Speak es-ES");
        assertThat(second.lastMessage("tool").orElseThrow().content()).contains("\"ok\":true");
    }

    @Test
    void handsOffWithAnEndFrameAfterTheLastWords() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Let me connect you with a manager.").withToolCalls(
                ToolCall.of("call_h", "handoff_to_human", "{\"reason\":\"wants a manager\",\"summary\":\"Wants a refund\"}")));

        scenario.prompt(CONN, "I want to talk to a manager.");

        List<OutboundMessage> frames = scenario.frames(CONN);
        OutboundMessage.End end = (OutboundMessage.End) frames.getLast();
        OutboundMessage.Text lastText = (OutboundMessage.Text) frames.get(frames.size() - 2);
        assertThat(lastText.last()).isTrue();
        assertThat(scenario.spoken(CONN)).isEqualTo("Let me connect you with a manager.");
        HandoffData data = HandoffData.parse(end.handoffData());
        assertThat(data).isEqualTo(HandoffData.handoff("caller_request", "Wants a refund", "en-US"));
        assertThat(scenario.state(CONN).status()).isEqualTo(CallStatus.ENDED);

        // frames after the end are not answered
        scenario.prompt(CONN, "Hello?");
        assertThat(scenario.openAi.requests()).hasSize(1);
    }

    @Test
    void endsTheCallWithAHangupWhenTheModelSaysGoodbye() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_e", "end_call", "{\"reason\":\"done\"}")));

        scenario.prompt(CONN, "That's all, bye.");

        List<OutboundMessage> frames = scenario.frames(CONN);
        assertThat(scenario.spoken(CONN)).isEqualTo("Thanks for calling Luigi's. Goodbye!");
        assertThat(HandoffData.parse(((OutboundMessage.End) frames.getLast()).handoffData()).action())
                .isEqualTo(HandoffData.HANGUP);
    }

    @Test
    void sendsDigitsWhenTheModelAsks() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_d", "send_digits", "{\"digits\":\"1w2#\"}")));
        scenario.openAi.enqueue(Reply.text("Done."));

        scenario.prompt(CONN, "Press one then two for me.");

        assertThat(scenario.frames(CONN).getFirst()).isEqualTo(new OutboundMessage.SendDigits("1w2#"));
        assertThat(scenario.spoken(CONN)).isEqualTo("Done.");
    }

    @Test
    void startsConfiguredToolsAfterSayingTheFiller() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));

        scenario.prompt(CONN, "Where is order 123456?");

        assertThat(scenario.spoken(CONN)).isEqualTo("One moment while I look that up.");
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        assertThat(scenario.tools.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.connectionId()).isEqualTo(CONN);
            assertThat(batch.callSid()).isEqualTo(Scenario.CALL_SID);
            assertThat(batch.useCaseId()).isEqualTo("test");
            assertThat(batch.turn()).isEqualTo(1);
            assertThat(batch.step()).isEqualTo(1);
            assertThat(batch.calls()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("lookup_order");
                assertThat(c.argumentsJson()).isEqualTo("{\"orderNumber\":\"123456\"}");
            });
            assertThat(batch.callFacts()).containsEntry("from", Scenario.CALLER);
        });
        HistoryMessage call = scenario.history(CONN).getLast();
        assertThat(call.toolCalls()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("call_o"));
    }

    @Test
    void continuesWithTheModelOnceToolResultsAreStored() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"123456\"}")));
        scenario.prompt(CONN, "Where is order 123456?");
        var batch = scenario.tools.batches().getFirst();
        scenario.store.appendIfAbsent(CONN, HistoryMessage.toolResult(batch.turn(), batch.step(), "call_o",
                "lookup_order", "{\"status\":\"out for delivery\"}", java.time.Instant.now()));
        scenario.openAi.enqueue(Reply.text("It is out for delivery."));

        scenario.engine.continueAfterTools(CONN, batch.turn(), batch.step(), Scenario.continuationBudget());
        scenario.engine.continueAfterTools(CONN, batch.turn(), batch.step(), Scenario.continuationBudget());

        assertThat(scenario.openAi.requests()).hasSize(2);
        ChatRequest second = scenario.openAi.requests().get(1);
        assertThat(second.lastMessage("tool").orElseThrow().content()).contains("out for delivery");
        assertThat(scenario.spoken(CONN)).endsWith("It is out for delivery.");
        assertThat(scenario.history(CONN).getLast().sortKey()).isEqualTo("MSG#000001#002#assistant");
    }

    @Test
    void tellsTheModelWhenAToolCannotStart() {
        scenario.connect(CONN);
        scenario.tools.failing = true;
        scenario.openAi.enqueue(Reply.toolCalls(ToolCall.of("call_o", "lookup_order", "{\"orderNumber\":\"1\"}")));
        scenario.openAi.enqueue(Reply.text("Sorry, I can't look that up right now."));

        scenario.prompt(CONN, "Where is order 1?");

        assertThat(scenario.openAi.requests().get(1).lastMessage("tool").orElseThrow().content())
                .contains("could not be started");
        assertThat(scenario.spoken(CONN)).endsWith("Sorry, I can't look that up right now.");
    }

    @Test
    void apologisesAndKeepsTheCallWhenTheModelFails() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.error(500, "server_error"));

        scenario.prompt(CONN, "Hello?");

        assertThat(scenario.spoken(CONN)).isEqualTo(APOLOGY);
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
        assertThat(scenario.frames(CONN)).noneMatch(OutboundMessage.End.class::isInstance);
        assertThat(scenario.state(CONN).failures()).isEqualTo(1);
        assertThat(scenario.metrics()).anyMatch(m -> m.path("TurnErrors").asInt() == 1);

        scenario.openAi.enqueue(Reply.text("I'm here."));
        scenario.prompt(CONN, "Hello?");
        assertThat(scenario.state(CONN).failures()).isZero();
    }

    @Test
    void handsOffAfterRepeatedFailures() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.error(429, "rate_limit_exceeded"));
        scenario.openAi.enqueue(Reply.text("Our menu has").disconnectAfterTokens(2));

        scenario.prompt(CONN, "Hello?");
        scenario.prompt(CONN, "What's on the menu?");

        List<OutboundMessage> frames = scenario.frames(CONN);
        HandoffData data = HandoffData.parse(((OutboundMessage.End) frames.getLast()).handoffData());
        assertThat(data.action()).isEqualTo(HandoffData.HANDOFF);
        assertThat(data.reason()).isEqualTo("failures");
        assertThat(scenario.spoken(CONN)).endsWith("Let me get someone who can help you.");
    }

    @Test
    void apologisesAfterWhatWasSaidWhenTheStreamDiesMidReply() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).disconnectAfterTokens(12));

        scenario.prompt(CONN, "What's good?");

        String spoken = scenario.spoken(CONN);
        assertThat(spoken).startsWith("Thanks for calling Luigi's.")
                .endsWith(APOLOGY);
        assertThat(scenario.texts(CONN).getLast().last()).isTrue();
    }

    @Test
    void apologisesWhenTheModelStallsPastTheTokenTimeout() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).stallAfterTokens(3));

        scenario.prompt(CONN, "What's good?");

        assertThat(scenario.spoken(CONN)).endsWith(APOLOGY);
    }

    @Test
    void stopsAndMarksTheCallWhenTheCallerIsGone() {
        scenario.connect(CONN);
        scenario.connections.goneAfter(CONN, 2);
        scenario.openAi.enqueue(Reply.text(LONG_REPLY).tokenPace(Duration.ofMillis(10)));

        scenario.prompt(CONN, "What's good?");

        assertThat(scenario.connections.postCount(CONN)).isEqualTo(3);
        assertThat(scenario.openAi.awaitOutcome(0, WAIT)).isEqualTo(FakeOpenAi.Outcome.CLIENT_CLOSED);
        assertThat(scenario.state(CONN).status()).isEqualTo(CallStatus.GONE);
        assertThat(scenario.sessions.get(Scenario.CALL_SID).orElseThrow().outcome()).isEqualTo("caller-gone");
    }

    @Test
    void aCallThatReconnectsKeepsItsHistoryOnTheNewSocket() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("We have pizza and pasta."));
        scenario.prompt(CONN, "What do you have?");
        scenario.sessions.recordOutcome(Scenario.CALL_SID, "reconnecting", "reconnect", java.util.Map.of());

        scenario.connections.open("conn-2");
        scenario.send("conn-2", new InboundMessage.Setup("VX2", "AC1", "", Scenario.CALL_SID, Scenario.CALLER,
                Scenario.CALLED, "", "", "PSTN", "inbound", "IN-PROGRESS",
                java.util.Map.of("callSid", Scenario.CALL_SID, "useCaseId", "test", "resumed", "true")));
        scenario.openAi.enqueue(Reply.text("The pasta is twelve dollars."));
        scenario.prompt("conn-2", "How much is the pasta?");

        assertThat(scenario.openAi.requests().get(1).messages()).extracting(ChatRequest.Message::content)
                .contains("What do you have?", "We have pizza and pasta.", "How much is the pasta?");
        assertThat(scenario.history("conn-2").getLast().sortKey()).isEqualTo("MSG#000002#001#assistant");
        assertThat(scenario.sessions.get(Scenario.CALL_SID).orElseThrow().connectionId()).isEqualTo("conn-2");
    }

    @Test
    void answersASetupForAnUnknownSessionWithTheDefaultConversation() {
        scenario.connections.open("conn-x");
        scenario.send("conn-x", new InboundMessage.Setup("VX2", "AC1", "", "CA-unknown", "+15550001111",
                "+15550002222", "", "", "PSTN", "inbound", "RINGING", java.util.Map.of()));
        scenario.openAi.enqueue(Reply.text("Hi, how can I help?"));

        scenario.prompt("conn-x", "Hello");

        assertThat(scenario.spoken("conn-x")).isEqualTo("Hi, how can I help?");
        assertThat(scenario.state("conn-x").useCaseId()).isEqualTo("default");
        assertThat(scenario.openAi.requests().getFirst().model()).isEqualTo("gpt-default");
    }

    @Test
    void answersAPromptOnAConnectionThatNeverSentSetup() {
        scenario.connections.open("conn-y");
        scenario.openAi.enqueue(Reply.text("Hello there."));

        scenario.prompt("conn-y", "Hi");

        assertThat(scenario.spoken("conn-y")).isEqualTo("Hello there.");
    }

    @Test
    void ignoresPartialPrompts() {
        scenario.connect(CONN);

        scenario.send(CONN, new InboundMessage.Prompt("What time", "en-US", false));

        assertThat(scenario.openAi.requests()).isEmpty();
        assertThat(scenario.connections.frames(CONN)).isEmpty();
    }

    @Test
    void apologisesWhenDynamoDbFails() {
        scenario.connect(CONN);
        scenario.dynamo.failRequests("Query", 500, "InternalServerError");

        scenario.prompt(CONN, "Hello?");

        assertThat(scenario.openAi.requests()).isEmpty();
        // the state, and so the use case, could not be read: the built-in default use case's apology
        assertThat(scenario.spoken(CONN)).isEqualTo(Phrases.Phrase.APOLOGY.english());
    }

    @Test
    void sendsTheModelRequestAfterAtMostOneDynamoDbRequest() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(Reply.text("Warm."));
        scenario.prompt(CONN, "first");
        scenario.dynamo.resetCounts();
        var seen = new java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Long>>();
        scenario.openAi.respondWith(request -> {
            seen.set(java.util.Map.copyOf(scenario.dynamo.requestCounts()));
            return Reply.text("Second answer.");
        });

        scenario.prompt(CONN, "second");

        assertThat(seen.get()).isEqualTo(java.util.Map.of("Query", 1L));
        // the caller's message and the turn advance were written after (in parallel with) the model call
        assertThat(scenario.history(CONN)).extracting(HistoryMessage::content).contains("second", "Second answer.");
        assertThat(scenario.state(CONN).turn()).isEqualTo(2);
        assertThat(Json.read(scenario.connections.frames(CONN).getLast()).get("last").asBoolean()).isTrue();
    }
}
