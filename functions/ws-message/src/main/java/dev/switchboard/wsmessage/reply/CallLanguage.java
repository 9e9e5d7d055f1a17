package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationState;

/** The language a call is spoken in, and what the agent says on its own in it. */
public final class CallLanguage {

    private CallLanguage() {
    }

    /** The call's language: the state's (after a switch), else the use case's default. */
    public static String of(ConversationState state, UseCase useCase) {
        return state.language().isBlank() ? SystemPrompt.defaultLanguage(useCase) : state.language();
    }

    /** What the agent says on its own ({@code phrase}), in the call's language. */
    public static String phrase(Phrases.Phrase phrase, ConversationState state, UseCase useCase) {
        return useCase.phrases().say(phrase, of(state, useCase));
    }
}
