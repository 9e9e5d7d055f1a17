package dev.switchboard.shared.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoConversationStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    private final TableFixture table = TableFixture.start();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final DynamoConversationStore store = new DynamoConversationStore(table.client(), table.name(),
            Duration.ofHours(48), now::get);

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void loadsStateAndNewestMessagesInOneQuery() {
        store.saveState(state("c1"));
        for (int turn = 1; turn <= 5; turn++) {
            store.append("c1", HistoryMessage.user(turn, "question " + turn, T0));
            store.append("c1", HistoryMessage.assistant(turn, 1, "answer " + turn, List.of(), T0));
        }
        table.server().resetCounts();

        ConversationSnapshot snapshot = store.load("c1", new HistoryWindow(4, 10_000));

        assertThat(table.server().requestCounts()).containsExactlyEntriesOf(Map.of("Query", 1L));
        assertThat(snapshot.state()).isPresent();
        assertThat(snapshot.state().get().callSid()).isEqualTo("CA1");
        assertThat(snapshot.messages()).extracting(HistoryMessage::content)
                .containsExactly("question 4", "answer 4", "question 5", "answer 5");
    }

    @Test
    void neverStartsTheWindowWithToolResultsWhoseCallFellOutside() {
        store.saveState(state("c1"));
        ToolCall a = new ToolCall("call_a", "lookup", "{}");
        ToolCall b = new ToolCall("call_b", "lookup", "{}");
        store.append("c1", HistoryMessage.user(1, "hi", T0));
        store.append("c1", HistoryMessage.assistant(1, 1, "", List.of(a, b), T0));
        store.append("c1", HistoryMessage.toolResult(1, 1, "call_a", "lookup", "{\"a\":1}", T0));
        store.append("c1", HistoryMessage.toolResult(1, 1, "call_b", "lookup", "{\"b\":2}", T0));
        store.append("c1", HistoryMessage.assistant(1, 2, "done", List.of(), T0));

        List<HistoryMessage> three = store.load("c1", new HistoryWindow(3, 10_000)).messages();
        List<HistoryMessage> four = store.load("c1", new HistoryWindow(4, 10_000)).messages();

        assertThat(three).extracting(HistoryMessage::content).containsExactly("done");
        assertThat(four).extracting(HistoryMessage::content).containsExactly("", "{\"a\":1}", "{\"b\":2}", "done");
        assertThat(four.getFirst().toolCalls()).containsExactly(a, b);
    }

    @Test
    void boundsTheWindowBySize() {
        store.saveState(state("c1"));
        store.append("c1", HistoryMessage.user(1, "x".repeat(5000), T0));
        store.append("c1", HistoryMessage.user(2, "y".repeat(5000), T0));
        store.append("c1", HistoryMessage.user(3, "short", T0));

        List<HistoryMessage> window = store.load("c1", new HistoryWindow(10, 6000)).messages();

        assertThat(window).extracting(HistoryMessage::turn).containsExactly(2, 3);
    }

    @Test
    void followsPagesWhenLargeItemsCutAQueryShort() {
        store.saveState(state("c1"));
        String big = "z".repeat(55_000);
        for (int turn = 1; turn <= 24; turn++) {
            store.append("c1", HistoryMessage.user(turn, big, T0));
        }
        table.server().resetCounts();

        List<HistoryMessage> window = store.load("c1", new HistoryWindow(22, 2_000_000)).messages();

        assertThat(window).hasSize(22);
        assertThat(table.server().requestCounts().get("Query")).isGreaterThan(1L);
    }

    @Test
    void ignoresExpiredItems() {
        store.saveState(state("c1"));
        store.append("c1", HistoryMessage.user(1, "old", T0));
        now.set(T0.plus(Duration.ofHours(49)));

        ConversationSnapshot snapshot = store.load("c1", HistoryWindow.of(10));

        assertThat(snapshot.state()).isEmpty();
        assertThat(snapshot.messages()).isEmpty();
    }

    @Test
    void advancesTheTurnAtomicallyAndKeepsItWhenSetupRacesBehind() {
        assertThat(store.nextTurn("c1", T0)).isEqualTo(1);
        store.saveState(state("c1"));
        assertThat(store.nextTurn("c1", T0)).isEqualTo(2);
        assertThat(store.currentTurn("c1")).isEqualTo(2);
        assertThat(store.state("c1").orElseThrow().speakingStep()).isEqualTo(1);
    }

    @Test
    void anInterruptAdvancesOnlyFromTheTurnItSaw() {
        store.saveState(state("c1"));
        store.nextTurn("c1", T0);

        assertThat(store.advanceTurnFrom("c1", 1)).isTrue();
        assertThat(store.advanceTurnFrom("c1", 1)).isFalse();
        assertThat(store.currentTurn("c1")).isEqualTo(2);
        assertThat(store.state("c1").orElseThrow().speakingStep()).isZero();
        assertThat(store.advanceTurnFrom("nobody", 0)).isTrue();
        assertThat(store.currentTurn("missing")).isZero();
    }

    @Test
    void marksSpeakingOnlyForTheCurrentTurn() {
        store.saveState(state("c1"));
        store.nextTurn("c1", T0);
        assertThat(store.markSpeaking("c1", 1, 2)).isTrue();
        assertThat(store.state("c1").orElseThrow().speakingStep()).isEqualTo(2);
        assertThat(store.markSpeaking("c1", 7, 3)).isFalse();
    }

    @Test
    void remembersTheFillerOfTheReplyBeingSpokenUntilTheReplyOrTurnChanges() {
        store.saveState(state("c1"));
        store.nextTurn("c1", T0);

        store.markFiller("c1", 1, 1, "One moment, please.");
        assertThat(store.state("c1").orElseThrow().filler()).isEqualTo("One moment, please.");
        store.markFiller("c1", 1, 2, "Not this step.");
        store.markFiller("c1", 9, 1, "Not this turn.");
        assertThat(store.state("c1").orElseThrow().filler()).isEqualTo("One moment, please.");

        store.markSpeaking("c1", 1, 2);
        assertThat(store.state("c1").orElseThrow().filler()).isEmpty();
        store.markFiller("c1", 1, 2, "Un momento.");
        store.nextTurn("c1", T0);
        assertThat(store.state("c1").orElseThrow().filler()).isEmpty();
        store.markFiller("c1", 2, 1, "One moment.");
        store.advanceTurnFrom("c1", 2);
        assertThat(store.state("c1").orElseThrow().filler()).isEmpty();
    }

    @Test
    void writesEachToolResultOnceAndLetsAnInterruptRewriteWin() {
        HistoryMessage result = HistoryMessage.toolResult(3, 1, "call_x", "lookup", "{\"ok\":true}", T0);
        assertThat(store.appendIfAbsent("c1", result)).isTrue();
        assertThat(store.appendIfAbsent("c1", result)).isFalse();

        store.markInterrupted("c1", 3, 2, "Our specials today");
        assertThat(store.appendIfAbsent("c1", HistoryMessage.assistant(3, 2, "Our specials today are soup and pie.",
                List.of(), T0))).isFalse();

        store.saveState(state("c1"));
        List<HistoryMessage> messages = store.load("c1", HistoryWindow.of(10)).messages();
        HistoryMessage rewritten = messages.getLast();
        assertThat(rewritten.content()).isEqualTo("Our specials today");
        assertThat(rewritten.interrupted()).isTrue();
        assertThat(rewritten.sortKey()).isEqualTo("MSG#000003#002#assistant");
    }

    @Test
    void anInterruptedFillerDoesNotEraseTheToolCallsItsResultsReferTo() {
        ToolCall call = new ToolCall("call_x", "lookup", "{}");
        store.append("c1", HistoryMessage.assistant(4, 1, "", List.of(call), T0));

        store.markInterrupted("c1", 4, 1, "One moment while I");

        store.saveState(state("c1"));
        HistoryMessage kept = store.load("c1", HistoryWindow.of(10)).messages().getLast();
        assertThat(kept.toolCalls()).containsExactly(call);
        assertThat(kept.interrupted()).isFalse();
    }

    @Test
    void collectsDigitsInPressOrderEvenWhenWrittenOutOfOrder() {
        store.saveState(state("c1"));
        store.startDigits("c1", "*");
        store.addDigit("c1", "*", "000000000000200#b", "2");
        store.addDigit("c1", "*", "000000000000100#a", "1");
        DigitEntry entry = store.addDigit("c1", "*", "000000000000300#c", "3").orElseThrow();

        assertThat(entry.digits()).isEqualTo("123");
        assertThat(entry.presses()).isEqualTo(3);
        assertThat(store.finishDigits("c1", "*", 2)).isEmpty();
        assertThat(store.finishDigits("c1", "*", 3)).contains(new DigitEntry("*", "123", 3));
        assertThat(store.finishDigits("c1", "*", 3)).isEmpty();
        assertThat(store.addDigit("c1", "*", "000000000000400#d", "4")).isEmpty();
        assertThat(store.state("c1").orElseThrow().digits()).isEqualTo(DigitEntry.NONE);
    }

    @Test
    void keepsTheFirstFinalStatusAndClaimsOnce() {
        store.saveState(state("c1"));
        store.markEnded("c1", CallStatus.ENDED, "handoff");
        store.markEnded("c1", CallStatus.GONE, "caller-gone");
        ConversationState state = store.state("c1").orElseThrow();
        assertThat(state.status()).isEqualTo(CallStatus.ENDED);
        assertThat(state.outcome()).isEqualTo("handoff");

        assertThat(store.claim("c1", "continue#1#1")).isTrue();
        assertThat(store.claim("c1", "continue#1#1")).isFalse();
        // the claim is not history
        assertThat(store.load("c1", HistoryWindow.of(10)).messages()).isEmpty();
    }

    @Test
    void storesWhatSetupKnowsIncludingTheCallerProfile() {
        store.saveState(state("c1"));
        store.setLanguage("c1", "es-ES");
        store.recordFailures("c1", 2);
        ConversationState state = store.state("c1").orElseThrow();
        assertThat(state.useCaseId()).isEqualTo("restaurant");
        assertThat(state.caller().name()).isEqualTo("Ada");
        assertThat(state.callerProfile()).isPresent();
        assertThat(state.facts()).containsEntry("direction", "inbound");
        assertThat(state.language()).isEqualTo("es-ES");
        assertThat(state.failures()).isEqualTo(2);
        assertThat(state.startedAt()).isEqualTo(T0);
        var item = table.client().getItem(b -> b.tableName(table.name()).key(Map.of(
                "pk", AttributeValue.fromS("CONN#c1"), "sk", AttributeValue.fromS("STATE")))).item();
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(T0.plus(Duration.ofHours(48)).getEpochSecond());
    }

    static ConversationState state(String connectionId) {
        return ConversationState.builder(connectionId, T0)
                .callSid("CA1").useCaseId("restaurant").from("+14155550100").to("+14155550199")
                .caller(new CallerProfile("+14155550100", "Ada", "", "", ""))
                .facts(Map.of("direction", "inbound"))
                .build();
    }
}
