package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.config.DefaultUseCase;
import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationSnapshot;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.shared.log.Log;
import dev.switchboard.wsmessage.reply.CallLanguage;
import dev.switchboard.wsmessage.reply.FixedReply;
import java.util.List;
import java.util.Optional;

/** Reads what a frame needs to know about its call: the one Query of the critical path. */
final class CallLoader {

    private final ConversationPorts ports;
    private final EngineSettings settings;
    private final FixedReply fixed;

    CallLoader(ConversationPorts ports, EngineSettings settings, FixedReply fixed) {
        this.ports = ports;
        this.settings = settings;
        this.fixed = fixed;
    }

    /**
     * The call's state, use case and history window; empty when the call has ended, or when the read failed (the
     * caller then hears an apology).
     */
    Optional<LoadedCall> load(Received received) {
        ConversationSnapshot snapshot;
        try {
            snapshot = ports.store().load(received.connectionId(),
                    new HistoryWindow(settings.historyQueryLimit(), settings.historyMaxChars()));
        } catch (RuntimeException e) {
            Log.error("history.load_failed", e);
            ports.metrics().count("StoreErrors", "");
            // the state (and so the use case) is unknown: the built-in default use case's apology, without asking
            // the failing store for a use case
            ConversationState unknown = ConversationState.unknown(received.connectionId(), received.receivedAt());
            fixed.say(unknown, CallLanguage.phrase(Phrases.Phrase.APOLOGY, unknown, DefaultUseCase.useCase()),
                    received.budget());
            return Optional.empty();
        }
        ConversationState state = snapshot.state()
                .orElseGet(() -> ConversationState.unknown(received.connectionId(), received.receivedAt()));
        Log.put("callSid", state.callSid().isEmpty() ? null : state.callSid());
        if (!state.active()) {
            Log.info("frame.after_end", "status", state.status());
            return Optional.empty();
        }
        UseCase useCase = ports.useCases().get(state.useCaseId().isEmpty() ? DefaultUseCase.ID : state.useCaseId());
        Log.put("useCase", useCase.id());
        List<HistoryMessage> history = HistoryWindow.of(useCase.llm().historyMessages())
                .withMaxChars(settings.historyMaxChars()).cut(snapshot.messages().reversed());
        return Optional.of(new LoadedCall(state, useCase, history));
    }
}
