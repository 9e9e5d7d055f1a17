package dev.switchboard.wsmessage.reply;

import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;

/**
 * The engine's one way into a reply: it describes the start, the reply runs to its end (spoken, tools started, call
 * ended, apology) and returns. Nothing in a reply calls back into the engine.
 */
@FunctionalInterface
public interface ReplyTurns {

    void run(ReplyStart start);

    /** Replies answered by the model through {@code ports}. */
    static ReplyTurns model(ConversationPorts ports, EngineSettings settings) {
        return start -> new ReplyTurn(new TurnContext(ports, settings, start)).run();
    }
}
