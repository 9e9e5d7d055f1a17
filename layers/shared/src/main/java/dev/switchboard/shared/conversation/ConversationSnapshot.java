package dev.switchboard.shared.conversation;

import java.util.List;
import java.util.Optional;

/**
 * What one Query returns: the connection's state (absent when nobody set it up) and its newest messages in
 * chronological order, cut so that no tool result is without the call it answers.
 */
public record ConversationSnapshot(Optional<ConversationState> state, List<HistoryMessage> messages) {
    public ConversationSnapshot {
        messages = List.copyOf(messages);
    }
}
