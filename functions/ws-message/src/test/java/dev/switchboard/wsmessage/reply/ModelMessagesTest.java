package dev.switchboard.wsmessage.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.wsmessage.llm.LlmMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMessagesTest {

    private static final Instant T = Instant.EPOCH;

    @Test
    void putsTheSystemPromptFirstAndMapsEveryKind() {
        ToolCall call = new ToolCall("call_1", "lookup", "{\"q\":1}");
        List<LlmMessage> messages = ModelMessages.of("be brief", List.of(
                HistoryMessage.note(1, "The caller pressed 5 on the keypad.", T),
                HistoryMessage.user(1, "hello", T),
                HistoryMessage.assistant(1, 1, "", List.of(call), T),
                HistoryMessage.toolResult(1, 1, "call_1", "lookup", "{\"r\":2}", T),
                HistoryMessage.assistant(1, 2, "It is two.", List.of(), T)));

        assertThat(messages).containsExactly(
                new LlmMessage.System("be brief"),
                new LlmMessage.System("The caller pressed 5 on the keypad."),
                new LlmMessage.User("hello"),
                new LlmMessage.Assistant("", List.of(call)),
                new LlmMessage.ToolResult("call_1", "{\"r\":2}"),
                new LlmMessage.Assistant("It is two.", List.of()));
    }

    @Test
    void givesAToolCallWithoutResultAPlaceholderSoTheApiAcceptsIt() {
        ToolCall a = new ToolCall("call_a", "lookup", "{}");
        ToolCall b = new ToolCall("call_b", "lookup", "{}");
        List<LlmMessage> messages = ModelMessages.of("p", List.of(
                HistoryMessage.assistant(1, 1, "Let me check.", List.of(a, b), T),
                HistoryMessage.toolResult(1, 1, "call_b", "lookup", "{\"b\":1}", T),
                HistoryMessage.user(2, "are you there?", T)));

        assertThat(messages).containsExactly(
                new LlmMessage.System("p"),
                new LlmMessage.Assistant("Let me check.", List.of(a, b)),
                new LlmMessage.ToolResult("call_b", "{\"b\":1}"),
                new LlmMessage.ToolResult("call_a", ModelMessages.NO_RESULT),
                new LlmMessage.User("are you there?"));
    }

    @Test
    void dropsAnInterruptedReplyTheCallerHeardNothingOf() {
        HistoryMessage heardNothing = new HistoryMessage(1, 1, HistoryMessage.Kind.ASSISTANT, "", List.of(), "", "",
                true, T);
        assertThat(ModelMessages.of("p", List.of(HistoryMessage.user(1, "hi", T), heardNothing)))
                .containsExactly(new LlmMessage.System("p"), new LlmMessage.User("hi"));
    }

    @Test
    void sortKeysOrderEveryMessageOfATurn() {
        List<String> keys = List.of(
                HistoryMessage.user(2, "", T).sortKey(),
                HistoryMessage.note(2, "", T).sortKey(),
                HistoryMessage.assistant(2, 1, "", List.of(), T).sortKey(),
                HistoryMessage.toolResult(2, 1, "call_z", "t", "", T).sortKey(),
                HistoryMessage.assistant(2, 2, "", List.of(), T).sortKey(),
                HistoryMessage.user(10, "", T).sortKey());
        assertThat(keys).containsExactly("MSG#000002#000#user", "MSG#000002#000#note", "MSG#000002#001#assistant",
                "MSG#000002#001#tool#call_z", "MSG#000002#002#assistant", "MSG#000010#000#user");
        assertThat(keys.subList(2, 6)).isSorted();
        assertThat("STATE").isGreaterThan(keys.getLast());
    }
}
