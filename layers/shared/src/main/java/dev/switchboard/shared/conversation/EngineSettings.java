package dev.switchboard.shared.conversation;

import java.time.Duration;

/**
 * Tuning of the conversation engine.
 *
 * @param deliveryTimeout   how long a turn waits at its end for queued frames to be posted (the invocation must not
 *                          return while posts are in flight: Lambda would freeze them)
 * @param historyQueryLimit messages the prompt's one Query reads (the use case's window is cut from them)
 * @param historyMaxChars   size budget of the history sent to the model
 * @param apology           what the caller hears when a turn fails
 * @param goodbye           what the caller hears when the model ends the call without saying anything
 */
public record EngineSettings(Duration deliveryTimeout, int historyQueryLimit, int historyMaxChars, String apology,
                             String goodbye) {

    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofSeconds(10), 60, HistoryWindow.DEFAULT_MAX_CHARS,
                "Sorry, I'm having a little trouble right now. Could you say that again?",
                "Thank you for calling. Goodbye!");
    }
}
