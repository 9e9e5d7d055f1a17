package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.session.HandoffData;
import java.util.Locale;

/** How a reply ended, as the {@code turn.done} log and the turn's metrics report it ({@link #key}). */
public enum TurnOutcome {
    /** Nothing happened yet (never reported for a finished turn unless it failed before the model). */
    NONE,
    /** The model answered in words. */
    REPLIED,
    /** The model called configured tools; the tool runner has them. */
    TOOLS,
    /** The call is handed to a person (the model asked, or failures in a row). */
    HANDOFF,
    /** The call ends (the model said goodbye). */
    HANGUP,
    /** Something failed; the caller heard an apology. */
    APOLOGY,
    /** The caller hung up while the reply was spoken. */
    GONE,
    /** The caller interrupted or spoke again. */
    INTERRUPTED,
    /** Cut short by the turn's time budget. */
    BUDGET;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TurnOutcome of(HandoffData data) {
        return data.isHangup() ? HANGUP : HANDOFF;
    }
}
