package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.wsmessage.reply.ReplyStart;
import java.util.ArrayList;
import java.util.List;

/** A connection's state, use case and history window, as one frame sees them. */
record LoadedCall(ConversationState state, UseCase useCase, List<HistoryMessage> history) {

    /**
     * A new turn answered by the model: {@code message} (the caller's words or a note about keys pressed) is added
     * to history and the turn advanced in parallel with the model request.
     */
    ReplyStart newTurn(Received received, HistoryMessage message, String kind) {
        List<HistoryMessage> withMessage = new ArrayList<>(history);
        withMessage.add(message);
        return new ReplyStart(state, useCase, withMessage, new ReplyStart.NewTurn(message, received.receivedAt()), 1,
                kind, received.startNanos(), received.budget());
    }
}
