package dev.switchboard.shared.conversation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one Query returns: the connection's state (absent when nobody set it up) and its newest messages in
 * chronological order, cut so that no tool result is without the call it answers.
 */
public final class ConversationSnapshot {

    private final ConversationState state;
    private final List<HistoryMessage> messages;

    private ConversationSnapshot(ConversationState state, List<HistoryMessage> messages) {
        this.state = state;
        this.messages = List.copyOf(messages);
    }

    public static ConversationSnapshot of(ConversationState state, List<HistoryMessage> messages) {
        return new ConversationSnapshot(state, messages);
    }

    /** A connection nobody set up: messages (perhaps) but no state item. */
    public static ConversationSnapshot withoutState(List<HistoryMessage> messages) {
        return new ConversationSnapshot(null, messages);
    }

    public Optional<ConversationState> state() {
        return Optional.ofNullable(state);
    }

    public List<HistoryMessage> messages() {
        return messages;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationSnapshot that && Objects.equals(state, that.state)
                && messages.equals(that.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, messages);
    }

    @Override
    public String toString() {
        return "ConversationSnapshot[state=" + state() + ", messages=" + messages + "]";
    }
}
