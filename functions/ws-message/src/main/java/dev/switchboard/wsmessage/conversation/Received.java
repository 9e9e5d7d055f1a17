package dev.switchboard.wsmessage.conversation;

import java.time.Instant;
import dev.switchboard.wsmessage.reply.TurnBudget;

/**
 * The frame being handled: which connection, when API Gateway received it, its message id (orders key presses
 * whose invocations ran out of order), the {@link System#nanoTime} when this invocation started (per-turn timings
 * are measured from there), and the {@link TurnBudget} this invocation must finish within.
 */
public record Received(String connectionId, Instant receivedAt, String messageId, long startNanos, TurnBudget budget) {

    /** Sorts key presses by arrival: receive time (ms, fixed width), then message id. */
    public String orderKey() {
        return String.format("%015d#%s", receivedAt.toEpochMilli(), messageId);
    }
}
