package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the steps of one reply share: its start, the sender and the talk cycle, the turn number, the background
 * writes, its history and its tally, and the connection state as the reply changes it (a language switch). The
 * state writes of a reply happen here.
 */
final class TurnContext {

    private static final Duration TURN_WAIT = Duration.ofSeconds(3);

    final ConversationPorts ports;
    final ReplyStart start;
    final UseCase useCase;
    final String connectionId;
    final OpenStream stream = new OpenStream();
    final RelaySender sender;
    final SpokenReply spoken;
    final TurnHistory history;
    final TurnTally tally;
    private final EngineSettings settings;
    private final BackgroundWork background;
    private final TurnNumber turnNumber;
    private ConversationState state;
    private boolean requestSent;

    TurnContext(ConversationPorts ports, EngineSettings settings, ReplyStart start) {
        this.ports = ports;
        this.settings = settings;
        this.start = start;
        this.useCase = start.useCase();
        this.state = start.state();
        this.connectionId = state.connectionId();
        this.background = new BackgroundWork(ports.background());
        this.turnNumber = start.opening() instanceof ReplyStart.KnownTurn known
                ? TurnNumber.known(known.turn()) : TurnNumber.pending();
        this.sender = new RelaySender(ports.channel(), connectionId, this::turnIsCurrent, stream::close);
        this.spoken = new SpokenReply(useCase.speech().voiceSafe(), sender);
        this.history = new TurnHistory(ports.store(), connectionId, turnNumber, background, TURN_WAIT);
        this.tally = new TurnTally(ports.metrics(), start);
    }

    ConversationState state() {
        return state;
    }

    Instant now() {
        return ports.clock().instant();
    }

    /** This reply's turn, waiting for the write that assigns it; throws when that write failed. */
    int turn() {
        int turn = turnNumber.await(TURN_WAIT)
                .orElseThrow(() -> new IllegalStateException("the turn number could not be stored"));
        Log.put("turn", turn);
        return turn;
    }

    /** The call's language: the state's (after a switch), else the use case's default. */
    String language() {
        return CallLanguage.of(state, useCase);
    }

    /** What the agent says on its own, in the call's language. */
    String phrase(Phrases.Phrase phrase) {
        return useCase.phrases().say(phrase, language());
    }

    String systemPrompt() {
        return SystemPrompt.render(useCase, state.callerProfile(), state.callFacts(), now());
    }

    /**
     * Runs once, when the first model request is on the wire (or failed): the writes that go in parallel with the
     * model start here, so nothing but one Query precedes the request.
     */
    void requestSent() {
        if (requestSent) {
            return;
        }
        requestSent = true;
        switch (start.opening()) {
            case ReplyStart.NewTurn newTurn -> history.open(newTurn);
            case ReplyStart.KnownTurn known -> markSpeaking(known.turn(), start.firstStep());
        }
    }

    /** The reply moves on to {@code step} of its turn (an interrupt rewrites what the caller heard of it). */
    void nextStep(int step) {
        markSpeaking(turn(), step);
    }

    private void markSpeaking(int turn, int step) {
        background.run("state.speaking", () -> ports.store().markSpeaking(connectionId, turn, step));
    }

    /** The filler said at {@code step}, recorded so that an interrupt takes it out of what the caller heard. */
    void markFiller(int step, String text) {
        background.run("state.filler", () -> turnNumber.await(TURN_WAIT)
                .ifPresent(turn -> ports.store().markFiller(connectionId, turn, step, text)));
    }

    void switchLanguage(String code) {
        state = state.withLanguage(code);
        background.run("state.language", () -> ports.store().setLanguage(connectionId, code));
    }

    /** Another failure in a row; returns how many there are now. */
    int failedAgain() {
        int failures = state.failures() + 1;
        background.run("state.failures", () -> ports.store().recordFailures(connectionId, failures));
        return failures;
    }

    /** The reply did what it meant to: the failures in a row start again from 0. */
    void succeeded(TurnOutcome outcome) {
        tally.outcome(outcome);
        if (state.failures() > 0) {
            background.run("state.failures", () -> ports.store().recordFailures(connectionId, 0));
        }
    }

    /** Sends {@code end} once everything said before it has been posted. */
    void end(HandoffData data) {
        sender.awaitDelivered(deliveryWait());
        if (sender.stopped()) {
            return;
        }
        sender.send(new OutboundMessage.End(data.toJson()));
        sender.awaitDelivered(deliveryWait());
        if (!sender.stopped()) {
            Log.info("call.end", "action", data.action(), "reason", data.reason());
            background.run("state.ended", () -> ports.store().markEnded(connectionId, CallStatus.ENDED, data.action()));
        }
    }

    /**
     * The end of the invocation: waits for the posts and the background writes (Lambda freezes what is still
     * running), records a caller who hung up, and reports the turn.
     */
    void finish() {
        turnNumber.await(TURN_WAIT).ifPresent(turn -> Log.put("turn", turn));
        if (!sender.awaitDelivered(deliveryWait())) {
            Log.warn("relay.undelivered", "reason", "the turn's budget or the delivery timeout ran out");
        }
        sender.close();
        if (sender.gone()) {
            tally.outcome(TurnOutcome.GONE);
            background.run("state.gone", () -> ports.store().markEnded(connectionId, CallStatus.GONE, "caller-gone"));
            if (!state.callSid().isEmpty()) {
                background.run("session.gone", () -> ports.sessions().recordOutcome(state.callSid(), "ended",
                        "caller-gone", Map.of()));
            }
        }
        background.awaitAll(deliveryWait());
        tally.report(sender);
    }

    /** How long a wait for posts or writes at the end of the turn may last: the delivery timeout, within the budget. */
    private Duration deliveryWait() {
        return start.budget().capWait(settings.deliveryTimeout(), now());
    }

    /** The sender's gate: is this reply's turn still the stored one? Runs on the sender thread before each post. */
    private boolean turnIsCurrent() {
        OptionalInt mine = turnNumber.await(TURN_WAIT);
        return mine.isEmpty() || ports.store().currentTurn(connectionId) == mine.getAsInt();
    }
}
