package dev.switchboard.shared.conversation;

import java.time.Instant;

/**
 * The frame being handled: which connection, when API Gateway received it, its message id (orders key presses
 * whose invocations ran out of order), and the {@link System#nanoTime} when this invocation started (per-turn
 * timings are measured from there).
 */
public record Received(String connectionId, Instant receivedAt, String messageId, long startNanos) {

    /** Sorts key presses by arrival: receive time (ms, fixed width), then message id. */
    public String orderKey() {
        return String.format("%015d#%s", receivedAt.toEpochMilli(), messageId);
    }
}
