package dev.switchboard.shared.conversation;

import java.util.Locale;

/** Where a connection's call stands, stored as its {@link #key} in the state item's {@code status}. */
public enum CallStatus {
    /** The conversation goes on. */
    ACTIVE,
    /** We sent {@code end} (handoff or hangup). */
    ENDED,
    /** The caller hung up. */
    GONE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored status; a missing one (an item written before the status was) is {@link #ACTIVE}. */
    public static CallStatus fromKey(String key) {
        for (CallStatus status : values()) {
            if (status.key().equals(key)) {
                return status;
            }
        }
        return ACTIVE;
    }
}
