package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DigitEntry;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.reply.CallLanguage;
import dev.switchboard.wsmessage.reply.FixedReply;
import dev.switchboard.wsmessage.reply.ReplyTurns;
import dev.switchboard.wsmessage.tools.ToolBatch;
import dev.switchboard.wsmessage.tools.ToolCallRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Key presses, per the use case's handlers: {@code say} a fixed reply, {@code handoff}, tell the {@code model}, or
 * {@code collect} several digits until the terminator, {@code maxDigits} or a pause, for a tool or the model. Every
 * press is its own invocation, so an entry in progress lives on the connection state; the invocation of the
 * latest press waits out the pause and finishes the entry only if no later press arrived (a conditional write).
 * Digits of a handler flagged {@code sensitive} never reach the model or the logs: a tool gets them, history gets
 * a redacted copy.
 */
final class Keypad {

    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(3);
    /** What a keypad pause leaves of the turn's budget for the reply that follows it. */
    static final Duration REPLY_TIME = Duration.ofSeconds(10);
    private static final Pattern KEY = Pattern.compile("[0-9*#A-Da-d]");

    private final ConversationPorts ports;
    private final FixedReply fixed;
    private final CallLoader loader;
    private final ReplyTurns replies;

    Keypad(ConversationPorts ports, FixedReply fixed, CallLoader loader, ReplyTurns replies) {
        this.ports = ports;
        this.fixed = fixed;
        this.loader = loader;
        this.replies = replies;
    }

    void press(Received received, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            Log.warn("dtmf.invalid");
            return;
        }
        Optional<LoadedCall> loaded = loader.load(received);
        if (loaded.isEmpty()) {
            return;
        }
        LoadedCall l = loaded.get();
        DigitEntry entry = l.state().digits();
        if (entry.collecting()) {
            Optional<UseCase.DtmfHandler> collector = handler(l.useCase(), entry.key())
                    .filter(h -> DtmfAction.named(h.action()).equals(Optional.of(DtmfAction.COLLECT)));
            if (collector.isPresent()) {
                collect(received, l, collector.get(), entry, key);
                return;
            }
            ports.store().finishDigits(received.connectionId(), entry.key(), entry.presses());
        }
        Optional<UseCase.DtmfHandler> handler = handler(l.useCase(), key);
        if (handler.isEmpty()) {
            Log.info("dtmf.unhandled");
            return;
        }
        UseCase.DtmfHandler h = handler.get();
        Log.info("dtmf.key", "key", h.key(), "action", h.action());
        Optional<DtmfAction> action = DtmfAction.named(h.action());
        if (action.isEmpty()) {
            Log.warn("dtmf.unknown_action", "action", h.action());
            return;
        }
        switch (action.get()) {
            case SAY -> say(received, l, h);
            case HANDOFF -> fixed.sayThenEnd(l.state(), l.useCase().handoff().message(), HandoffData.handoff("dtmf",
                    "the caller pressed " + h.key(), CallLanguage.of(l.state(), l.useCase())), received.budget());
            case MODEL -> replies.run(l.newTurn(received, HistoryMessage.note(l.state().turn() + 1,
                    "The caller pressed " + h.key() + " on the keypad.", received.receivedAt()), "dtmf"));
            case COLLECT -> {
                DigitEntry started = ports.store().startDigits(received.connectionId(), h.key());
                if (!h.text().isBlank()) {
                    // e.g. "Please enter your four-digit PIN, then press pound."
                    fixed.say(l.state(), h.text(), received.budget());
                }
                awaitPause(received, l, h, started.presses());
            }
        }
    }

    private void collect(Received received, LoadedCall l, UseCase.DtmfHandler h, DigitEntry entry,
                         String key) {
        String connectionId = received.connectionId();
        if (key.equals(h.terminator())) {
            // a press still in flight may have added a digit since we read the entry: re-read and retry
            DigitEntry current = entry;
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<DigitEntry> done = ports.store().finishDigits(connectionId, h.key(), current.presses());
                if (done.isPresent()) {
                    completed(received, l, h, done.get(), "terminator");
                    return;
                }
                Optional<ConversationState> state = ports.store().state(connectionId);
                if (state.isEmpty() || !state.get().digits().collecting()) {
                    return;
                }
                current = state.get().digits();
            }
            return;
        }
        Optional<DigitEntry> added = ports.store().addDigit(connectionId, h.key(), received.orderKey(), key);
        if (added.isEmpty()) {
            return;
        }
        if (h.maxDigits() > 0 && added.get().digits().length() >= h.maxDigits()) {
            ports.store().finishDigits(connectionId, h.key(), added.get().presses())
                    .ifPresent(done -> completed(received, l, h, done, "maxDigits"));
            return;
        }
        awaitPause(received, l, h, added.get().presses());
    }

    /**
     * Waits for the pause; finishes the entry if nobody pressed a key meanwhile (the later press waits instead). The
     * wait leaves at least {@link #REPLY_TIME} of the invocation's budget for what follows (a pause may be set to
     * 30 s, longer than API Gateway waits for this invocation): a longer pause is shortened, and the entry
     * finishes early.
     */
    private void awaitPause(Received received, LoadedCall l, UseCase.DtmfHandler h, int presses) {
        Duration pause = h.timeoutMs() > 0 ? Duration.ofMillis(h.timeoutMs()) : DEFAULT_PAUSE;
        Duration allowed = received.budget().untilWrapUp(ports.clock().instant()).minus(REPLY_TIME);
        if (pause.compareTo(allowed) > 0) {
            Log.info("dtmf.pause_shortened", "pauseMs", pause.toMillis(), "waitMs", Math.max(0, allowed.toMillis()));
            pause = allowed.isNegative() ? Duration.ZERO : allowed;
        }
        try {
            ports.sleeper().sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ports.store().finishDigits(received.connectionId(), h.key(), presses)
                .ifPresent(done -> completed(received, l, h, done, "pause"));
    }

    private void completed(Received received, LoadedCall l, UseCase.DtmfHandler h, DigitEntry entry,
                           String endedBy) {
        int count = entry.digits().length();
        Log.info("dtmf.collected", "handler", h.key(), "digitCount", count, "endedBy", endedBy,
                "sensitive", h.sensitive());
        if (count == 0) {
            return;
        }
        if (!h.tool().isBlank()) {
            tool(received, l, h, Json.write(Map.of("digits", entry.digits())), count);
            return;
        }
        String note = h.sensitive()
                ? "The caller entered " + count + " digits on the keypad. They are confidential and not shown to you; "
                + "do not ask the caller to read them out."
                : "The caller entered these digits on the keypad: " + entry.digits();
        replies.run(l.newTurn(received, HistoryMessage.note(l.state().turn() + 1, note, received.receivedAt()), "dtmf"));
    }

    private void say(Received received, LoadedCall l, UseCase.DtmfHandler h) {
        String connectionId = received.connectionId();
        try {
            int turn = ports.store().nextTurn(connectionId, received.receivedAt());
            ports.store().append(connectionId, HistoryMessage.note(turn, "The caller pressed " + h.key()
                    + " on the keypad.", received.receivedAt()));
            ports.store().append(connectionId, HistoryMessage.assistant(turn, 1, h.text(), List.of(),
                    ports.clock().instant()));
        } catch (RuntimeException e) {
            Log.error("history.dtmf_failed", e);
        }
        fixed.say(l.state(), h.text(), received.budget());
    }

    /**
     * Runs a configured tool for a key press. History gets the call with its arguments redacted when the handler is
     * sensitive; the tool runner gets the real ones.
     */
    private void tool(Received received, LoadedCall l, UseCase.DtmfHandler h, String arguments,
                      int digitCount) {
        String connectionId = received.connectionId();
        Optional<UseCase.ToolSpec> spec = l.useCase().tool(h.tool());
        if (spec.isEmpty()) {
            Log.warn("dtmf.tool_not_configured", "tool", h.tool());
            fixed.say(l.state(), CallLanguage.phrase(Phrases.Phrase.APOLOGY, l.state(), l.useCase()),
                    received.budget());
            return;
        }
        try {
            int turn = ports.store().nextTurn(connectionId, received.receivedAt());
            String callId = "dtmf_" + turn;
            String recorded = h.sensitive()
                    ? Json.write(Map.of("digits", "[" + digitCount + " digits, redacted]")) : arguments;
            ports.store().append(connectionId, HistoryMessage.note(turn, "The caller used the keypad for "
                    + h.tool() + ".", received.receivedAt()));
            ports.store().appendIfAbsent(connectionId, HistoryMessage.assistant(turn, 1, "",
                    List.of(new ToolCall(callId, h.tool(), recorded)), ports.clock().instant()));
            ports.store().markSpeaking(connectionId, turn, 1);
            String holdAudio = l.useCase().speech().holdAudioUrl();
            if (holdAudio.isBlank()) {
                fixed.say(l.state(), spec.get().filler(), received.budget());
            } else {
                fixed.sayThenSend(l.state(), spec.get().filler(), new OutboundMessage.Play(holdAudio, 0, true, null),
                        received.budget());
            }
            ports.tools().start(ToolBatch.forCall(l.state(), l.useCase().id(), CallLanguage.of(l.state(), l.useCase()),
                    turn, 1, List.of(new ToolCallRequest(callId, h.tool(), arguments))));
            Log.info("tools.started", "tools", List.of(h.tool()), "source", "dtmf");
        } catch (RuntimeException e) {
            Log.error("dtmf.tool_failed", e, "tool", h.tool());
            fixed.say(l.state(), CallLanguage.phrase(Phrases.Phrase.APOLOGY, l.state(), l.useCase()),
                    received.budget());
        }
    }

    private static Optional<UseCase.DtmfHandler> handler(UseCase useCase, String key) {
        return useCase.dtmf().stream().filter(h -> h.key().equalsIgnoreCase(key)).findFirst();
    }
}
