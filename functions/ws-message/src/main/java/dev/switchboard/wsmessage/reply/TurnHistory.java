package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** The history writes of one reply, all in one place. */
final class TurnHistory {

    private final ConversationStore store;
    private final String connectionId;
    private final TurnNumber turnNumber;
    private final BackgroundWork background;
    private final Duration turnWait;

    TurnHistory(ConversationStore store, String connectionId, TurnNumber turnNumber, BackgroundWork background,
                Duration turnWait) {
        this.store = store;
        this.connectionId = connectionId;
        this.turnNumber = turnNumber;
        this.background = background;
        this.turnWait = turnWait;
    }

    /** A new turn: advances the stored turn (which tells this reply its number) and writes the turn's message. */
    void open(ReplyStart.NewTurn opening) {
        HistoryMessage message = opening.message();
        background.run("history." + message.kind().key(), () -> {
            int assigned;
            try {
                assigned = store.nextTurn(connectionId, opening.receivedAt());
                turnNumber.complete(assigned);
            } catch (RuntimeException e) {
                turnNumber.fail(e);
                throw e;
            }
            store.append(connectionId, new HistoryMessage(assigned, 0, message.kind(), message.content(),
                    List.of(), "", "", false, message.at()));
        });
    }

    /**
     * Writes a message of this turn in the background, unless one with its key exists (an interrupt's rewrite). The
     * turn number is this reply's; {@code message.turn()} is ignored. Without a turn number (the write that assigns
     * it failed) the message is not kept: logged, not spoken about.
     */
    void remember(HistoryMessage message) {
        OptionalInt turn = turnNumber.await(turnWait);
        if (turn.isEmpty()) {
            Log.warn("history.not_written", "reason", "turn unknown", "kind", message.kind().key());
            return;
        }
        HistoryMessage numbered = new HistoryMessage(turn.getAsInt(), message.step(), message.kind(), message.content(),
                message.toolCalls(), message.toolCallId(), message.toolName(), message.interrupted(), message.at());
        background.run("history." + message.kind().key(), () -> store.appendIfAbsent(connectionId, numbered));
    }

    /** Writes a message now, before anything else is said (tool calls must be stored before their filler). */
    void writeNow(HistoryMessage message) {
        store.appendIfAbsent(connectionId, message);
    }
}
