package dev.switchboard.shared.conversation;

import java.time.Instant;
import java.util.Optional;

/**
 * The live conversation of one connection: its state item and its history, one item per message. The adapter is
 * {@link DynamoConversationStore}. Every method throws an unchecked exception when the store is unreachable.
 */
public interface ConversationStore {

    /** The state and the newest messages in one request (one Query, following pages only when items are large). */
    ConversationSnapshot load(String connectionId, HistoryWindow window);

    /** The state alone (one consistent GetItem), absent when nobody set the connection up. */
    Optional<ConversationState> state(String connectionId);

    /**
     * Writes the state as {@code setup} knows it; keeps the turn counter when one exists already (a prompt may
     * have raced ahead of a slow setup), else starts it at {@code state.turn()}.
     */
    void saveState(ConversationState state);

    /**
     * Advances the turn for a new prompt (atomic increment), records that its step 1 reply is being spoken and when
     * the frame that started it arrived ({@code startedAt}: an interrupt older than that is about an earlier reply),
     * and clears the previous reply's filler.
     *
     * @return the new turn
     */
    int nextTurn(String connectionId, Instant startedAt);

    /**
     * Advances the turn from {@code seen} to {@code seen + 1} only if nobody advanced it since (an interrupt that
     * raced with a newer prompt must not cancel that prompt's reply), and records that nothing is being spoken (no
     * filler either).
     *
     * @return whether this call advanced it
     */
    boolean advanceTurnFrom(String connectionId, int seen);

    /**
     * Records that the reply of {@code (turn, step)} is being spoken, if {@code turn} is still current, with no
     * filler yet.
     */
    boolean markSpeaking(String connectionId, int turn, int step);

    /**
     * Records that {@code filler} was said before the words of the reply of {@code (turn, step)}, if that reply is
     * still the one being spoken ({@link ConversationState#filler}).
     */
    void markFiller(String connectionId, int turn, int step, String filler);

    /** The current turn, read consistently; 0 when there is no state. */
    int currentTurn(String connectionId);

    /** Writes a message, replacing one with the same sort key. */
    void append(String connectionId, HistoryMessage message);

    /**
     * Writes a message unless one with its sort key exists (a retried tool result, a reply an interrupt already
     * rewrote).
     *
     * @return whether it was written
     */
    boolean appendIfAbsent(String connectionId, HistoryMessage message);

    /**
     * Sets the model's reply of {@code (turn, step)} to exactly {@code heard} and marks it interrupted, creating it
     * when the streaming invocation has not written it yet. A reply that called tools is left alone (what was
     * interrupted was its filler; the tool results refer to its calls).
     */
    void markInterrupted(String connectionId, int turn, int step, String heard);

    /**
     * Claims a one-time action on this connection (e.g. continuing after one tool batch), so a retried or duplicated
     * request does not do it twice. The claim is an item outside the history ({@code CLAIM#{name}}).
     *
     * @return true for the first caller only
     */
    boolean claim(String connectionId, String name);

    /** Sets the count of consecutive failed turns. */
    void recordFailures(String connectionId, int failures);

    /**
     * Sets the status ({@link ConversationState#ENDED}, {@link ConversationState#GONE}) and why; the first final
     * status wins.
     */
    void markEnded(String connectionId, CallStatus status, String outcome);

    /** Records the conversation's language after a switch. */
    void setLanguage(String connectionId, String language);

    /**
     * Starts collecting digits for handler {@code key}, replacing any entry in progress.
     *
     * @return the empty entry
     */
    DigitEntry startDigits(String connectionId, String key);

    /**
     * Adds one digit to the entry of handler {@code key}. {@code orderKey} orders digits whose invocations ran out
     * of order (the frame's receive time, then its message id).
     *
     * @return the entry with the digit, or empty when no entry for {@code key} is in progress
     */
    Optional<DigitEntry> addDigit(String connectionId, String key, String orderKey, String digit);

    /**
     * Finishes the entry of handler {@code key} if it still has {@code presses} digits (nobody pressed another key
     * since), clearing it.
     *
     * @return the finished entry, or empty when it changed or was finished by someone else
     */
    Optional<DigitEntry> finishDigits(String connectionId, String key, int presses);
}
