package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.time.Duration;

/**
 * Tuning of the conversation engine. What the agent says on its own (apology, filler, goodbye, wrap-up) comes from
 * the use case's {@code phrases}, in the call's language; how long a turn may run from its {@link TurnBudget}.
 *
 * @param deliveryTimeout   how long a turn waits at its end for queued frames to be posted (the invocation must not
 *                          return while posts are in flight: Lambda would freeze them); never past the turn's
 *                          {@link TurnBudget#returnBy}
 * @param historyQueryLimit messages the prompt's one Query reads (the use case's window is cut from them)
 * @param historyMaxChars   size budget of the history sent to the model
 */
public record EngineSettings(Duration deliveryTimeout, int historyQueryLimit, int historyMaxChars) {

    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofSeconds(10), 60, HistoryWindow.DEFAULT_MAX_CHARS);
    }
}
