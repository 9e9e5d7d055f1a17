package dev.switchboard.shared.conversation;

import dev.switchboard.shared.llm.ToolCall;
import java.time.Instant;
import java.util.List;

/**
 * One message of the conversation, one DynamoDB item under {@code CONN#{connectionId}} with sort key
 * {@code MSG#{turn:06d}#{step:03d}#{kind}[#{toolCallId}]}: chronological, and deterministic so a retried write
 * lands on the same item. Within a turn the caller's message is step 0, the model's first reply step 1, that
 * reply's tool results step 1 too ({@code tool} sorts after {@code assistant}), the reply after them step 2, …
 *
 * @param content     what was said; for an interrupted reply exactly what the caller heard, for a reply the turn's
 *                    budget cut short the words posted and the wrap-up phrase; never a first-token filler
 * @param toolCalls   the model's tool calls (assistant messages only)
 * @param toolCallId  the call this result answers (tool messages only, else empty)
 * @param toolName    the tool's name (tool messages only, else empty)
 * @param interrupted the caller barged in: {@code content} was rewritten to what they heard
 */
public record HistoryMessage(int turn, int step, Kind kind, String content, List<ToolCall> toolCalls,
                             String toolCallId, String toolName, boolean interrupted, Instant at) {

    /** Message kinds, named as they appear in the sort key. */
    public enum Kind {
        ASSISTANT("assistant"), NOTE("note"), TOOL("tool"), USER("user");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Kind fromKey(String key) {
            for (Kind kind : values()) {
                if (kind.key.equals(key)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown message kind " + key);
        }
    }

    public static final String PREFIX = "MSG#";

    public HistoryMessage {
        toolCalls = List.copyOf(toolCalls);
        if (turn < 0 || turn > 999_999 || step < 0 || step > 999) {
            throw new IllegalArgumentException("turn/step out of range: " + turn + "/" + step);
        }
    }

    public static HistoryMessage user(int turn, String text, Instant at) {
        return new HistoryMessage(turn, 0, Kind.USER, text, List.of(), "", "", false, at);
    }

    /** Something the model should know that nobody said (a key press, a sensitive entry that stays hidden). */
    public static HistoryMessage note(int turn, String text, Instant at) {
        return new HistoryMessage(turn, 0, Kind.NOTE, text, List.of(), "", "", false, at);
    }

    public static HistoryMessage assistant(int turn, int step, String text, List<ToolCall> calls, Instant at) {
        return new HistoryMessage(turn, step, Kind.ASSISTANT, text, calls, "", "", false, at);
    }

    public static HistoryMessage toolResult(int turn, int step, String toolCallId, String toolName, String result,
                                            Instant at) {
        return new HistoryMessage(turn, step, Kind.TOOL, result, List.of(), toolCallId, toolName, false, at);
    }

    public String sortKey() {
        return sortKey(turn, step, kind, toolCallId);
    }

    public static String sortKey(int turn, int step, Kind kind, String toolCallId) {
        String base = String.format("%s%06d#%03d#%s", PREFIX, turn, step, kind.key());
        return kind == Kind.TOOL ? base + "#" + toolCallId : base;
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
