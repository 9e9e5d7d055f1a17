package dev.switchboard.twiml;

import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.ConversationStore;
import java.util.Optional;

/** The language a call was last speaking, after any switch, as its conversation recorded it. */
@FunctionalInterface
interface CallLanguages {

    /**
     * The language the conversation on {@code connectionId} (the call session's latest WebSocket connection) last
     * recorded; empty when it recorded none (it never started, or spoke the use case's own language). Throws an
     * unchecked exception when the store is unreachable.
     */
    Optional<String> lastLanguage(String connectionId);

    /** From the connection's conversation state item. */
    static CallLanguages from(ConversationStore conversations) {
        return connectionId -> conversations.state(connectionId).map(ConversationState::language)
                .filter(language -> !language.isBlank());
    }

    /** Nothing recorded, ever (SnapStart priming, which must not touch the table). */
    static CallLanguages none() {
        return connectionId -> Optional.empty();
    }
}
