package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import java.time.Instant;
import java.util.List;

/**
 * How a reply starts.
 *
 * @param history    the conversation so far, oldest first, including the message that started this turn
 * @param opening    how the reply learns its turn: a new turn's message, written while the model thinks, or the
 *                   known turn of a continuation
 * @param firstStep  1 for a new turn, {@code step + 1} for a continuation after tools at {@code step}
 * @param kind       {@code prompt}, {@code dtmf}, {@code continuation}
 * @param startNanos the {@link System#nanoTime} when the invocation started (per-turn timings count from there)
 * @param budget     when the reply must stop and the invocation return
 */
public record ReplyStart(ConversationState state, UseCase useCase, List<HistoryMessage> history, Opening opening,
                         int firstStep, String kind, long startNanos, TurnBudget budget) {

    public ReplyStart {
        history = List.copyOf(history);
    }

    /** How a reply gets its turn number. */
    public sealed interface Opening {
    }

    /**
     * A new turn: once the first model request is on the wire, the turn is advanced and {@code message} (the
     * caller's words or a note about keys pressed) is written to history under the assigned number.
     */
    public record NewTurn(HistoryMessage message, Instant receivedAt) implements Opening {
    }

    /** The continuation of a turn after its tools: the state records the step being spoken. */
    public record KnownTurn(int turn) implements Opening {
    }
}
