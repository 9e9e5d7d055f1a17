package dev.switchboard.shared.conversation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much history goes to the model: at most {@code maxMessages} messages and about {@code maxChars} characters,
 * newest first, never a tool result without the assistant message that called it.
 */
public record HistoryWindow(int maxMessages, int maxChars) {

    public static final int DEFAULT_MAX_CHARS = 24_000;

    public HistoryWindow {
        if (maxMessages < 1 || maxChars < 1) {
            throw new IllegalArgumentException("history window must hold something");
        }
    }

    public static HistoryWindow of(int maxMessages) {
        return new HistoryWindow(Math.max(1, maxMessages), DEFAULT_MAX_CHARS);
    }

    public HistoryWindow withMaxChars(int chars) {
        return new HistoryWindow(maxMessages, chars);
    }

    /**
     * Cuts messages (newest first, as the Query returns them) to this window and returns them oldest first.
     * Messages beyond the budget are dropped from the old end; tool results whose call fell outside are dropped
     * with it.
     */
    public List<HistoryMessage> cut(List<HistoryMessage> newestFirst) {
        List<HistoryMessage> kept = new ArrayList<>();
        int chars = 0;
        for (HistoryMessage m : newestFirst) {
            int size = m.content().length() + m.toolCalls().stream().mapToInt(c -> c.argumentsJson().length()).sum();
            if (kept.size() == maxMessages || (!kept.isEmpty() && chars + size > maxChars)) {
                break;
            }
            kept.add(m);
            chars += size;
        }
        List<HistoryMessage> chronological = new ArrayList<>(kept.reversed());
        Set<String> called = new HashSet<>();
        List<HistoryMessage> out = new ArrayList<>(chronological.size());
        for (HistoryMessage m : chronological) {
            if (m.kind() == HistoryMessage.Kind.TOOL && !called.contains(m.toolCallId())) {
                continue;
            }
            m.toolCalls().forEach(c -> called.add(c.id()));
            out.add(m);
        }
        return out;
    }
}
