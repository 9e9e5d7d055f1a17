package dev.switchboard.twiml;

import java.util.Optional;

/**
 * The language a call was last speaking, after any switch, as its conversation recorded it. The adapter is
 * {@link DynamoCallLanguages}.
 */
@FunctionalInterface
public interface CallLanguages {

    /**
     * The language the conversation on {@code connectionId} (the call session's latest WebSocket connection) last
     * recorded; empty when it recorded none (it never started, or spoke the use case's own language). Throws an
     * unchecked exception when the store is unreachable.
     */
    Optional<String> lastLanguage(String connectionId);

    /** Nothing recorded, ever (SnapStart priming, which must not touch the table). */
    static CallLanguages none() {
        return connectionId -> Optional.empty();
    }
}
