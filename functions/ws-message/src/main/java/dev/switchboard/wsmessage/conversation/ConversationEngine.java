package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.conversation.ConversationSnapshot;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.wsmessage.reply.CallLanguage;
import dev.switchboard.wsmessage.reply.FixedReply;
import dev.switchboard.wsmessage.reply.ReplyStart;
import dev.switchboard.wsmessage.reply.ReplyTurns;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happens on a call, frame by frame. Each ConversationRelay frame is its own Lambda invocation, possibly
 * concurrent with one still streaming a reply, so everything shared lives in the {@link ConversationStore}: the
 * turn counter decides which reply may still speak.
 *
 * <ul>
 *   <li>{@link #onSetup}: links the connection to the call session and stores the call's state.</li>
 *   <li>{@link #onPrompt}: one Query (state + recent history), then the model request; the caller's message and
 *       the turn advance are written while the model thinks; the reply streams in a few coalesced posts.</li>
 *   <li>{@link #onInterrupt}: advances the turn (the streaming reply stops within one chunk) and rewrites the
 *       interrupted reply to what the caller heard.</li>
 *   <li>{@link #onDtmf}: the use case's keypad handlers, including multi-digit entry.</li>
 *   <li>{@link #continueAfterTools}: the tool continuation asks the model again once tool results are stored.</li>
 * </ul>
 * No method throws, and each returns within the frame's {@link TurnBudget} ({@link Received#budget}): a reply still
 * streaming when it runs out is cut short with the use case's {@code wrapUp} phrase (see {@link ReplyTurns}).
 * Everything the agent says on its own (apology, filler, goodbye, wrap-up) is the use case's phrase in the call's
 * language ({@link CallLanguage}).
 */
public final class ConversationEngine {

    private final ConversationPorts ports;
    private final EngineSettings settings;
    private final FixedReply fixed;
    private final CallLoader loader;
    private final ReplyTurns replies;
    private final Keypad keypad;

    public ConversationEngine(ConversationPorts ports, EngineSettings settings) {
        this.ports = ports;
        this.settings = settings;
        this.fixed = new FixedReply(ports, settings);
        this.loader = new CallLoader(ports, settings, fixed);
        this.replies = ReplyTurns.model(ports, settings);
        this.keypad = new Keypad(ports, fixed, loader, replies);
    }

    public void onSetup(Received received, InboundMessage.Setup setup) {
        try {
            String callSid = firstNonBlank(setup.customParameters().get("callSid"), setup.callSid());
            Log.put("callSid", callSid);
            Optional<CallSession> session = Optional.empty();
            if (!callSid.isEmpty()) {
                try {
                    session = ports.sessions().get(callSid);
                } catch (RuntimeException e) {
                    Log.error("session.read_failed", e);
                }
            }
            String from = firstNonBlank(setup.from(), session.map(CallSession::from).orElse(""));
            String to = firstNonBlank(setup.to(), session.map(CallSession::to).orElse(""));
            String requested = firstNonBlank(setup.customParameters().get("useCase"),
                    setup.customParameters().get("useCaseId"), session.map(CallSession::useCaseId).orElse(""));
            UseCase useCase = ports.useCases().get(requested.isEmpty() ? ports.useCases().idFor(to) : requested);
            Log.put("useCase", useCase.id());
            CallerProfile profile = new CallerProfile(from, "", "", "", "");
            if (!from.isEmpty()) {
                try {
                    profile = ports.profiles().find(from).orElse(profile);
                } catch (RuntimeException e) {
                    Log.error("caller.read_failed", e);
                }
            }
            Map<String, String> facts = new LinkedHashMap<>(setup.customParameters());
            facts.put("direction", setup.direction());
            facts.put("callType", setup.callType());
            facts.put("accountSid", setup.accountSid());
            String before = session.map(CallSession::connectionId).orElse("");
            ConversationState previous = carryOver(received.connectionId(), before);
            ConversationState state = ConversationState.builder(received.connectionId(), received.receivedAt())
                    .callSid(callSid).useCaseId(useCase.id()).from(from).to(to)
                    .turn(previous.turn()).language(previous.language())
                    .caller(profile).facts(facts)
                    .build();
            ports.store().saveState(state);
            if (!callSid.isEmpty()) {
                try {
                    ports.sessions().linkConnection(callSid, received.connectionId());
                } catch (RuntimeException e) {
                    Log.error("session.link_failed", e);
                }
            }
            Log.info("setup", "knownSession", session.isPresent(), "from", Log.maskNumber(from),
                    "callerKnown", state.callerProfile().isPresent());
        } catch (RuntimeException e) {
            Log.error("setup.failed", e);
        }
    }

    /**
     * A call that reconnected after its socket dropped (the action callback returned a fresh
     * {@code <ConversationRelay>}) continues on a new connection: its recent history and language are copied from the
     * connection the session last named ({@code before}, empty when none), so the model remembers the conversation.
     * Returns the previous state, or an empty one for a new call.
     */
    private ConversationState carryOver(String connectionId, String before) {
        ConversationState none = ConversationState.unknown(connectionId, ports.clock().instant());
        if (before.isEmpty() || before.equals(connectionId)) {
            return none;
        }
        try {
            ConversationSnapshot old = ports.store().load(before,
                    new HistoryWindow(settings.historyQueryLimit(), settings.historyMaxChars()));
            old.messages().forEach(m -> ports.store().appendIfAbsent(connectionId, m));
            int lastTurn = old.messages().stream().mapToInt(HistoryMessage::turn).max().orElse(0);
            ConversationState previous = old.state().orElse(none);
            Log.info("setup.resumed", "messages", old.messages().size());
            return previous.withTurn(Math.max(previous.turn(), lastTurn));
        } catch (RuntimeException e) {
            Log.error("setup.resume_failed", e);
            return none;
        }
    }

    public void onPrompt(Received received, InboundMessage.Prompt prompt) {
        try {
            if (!prompt.last()) {
                Log.debug("prompt.partial");
                return;
            }
            String text = prompt.voicePrompt().strip();
            if (text.isEmpty()) {
                return;
            }
            Optional<LoadedCall> loaded = loader.load(received);
            if (loaded.isEmpty()) {
                return;
            }
            ConversationState state = loaded.get().state();
            UseCase useCase = loaded.get().useCase();
            Optional<String> limit = limitReached(state, useCase, received.receivedAt());
            if (limit.isPresent()) {
                Log.info("limit.reached", "limit", limit.get());
                fixed.sayThenEnd(state, useCase.handoff().message(), HandoffData.handoff("limit", limit.get(),
                        CallLanguage.of(state, useCase)), received.budget());
                return;
            }
            replies.run(loaded.get().newTurn(received, HistoryMessage.user(state.turn() + 1, text, received.receivedAt()),
                    "prompt"));
        } catch (RuntimeException e) {
            Log.error("prompt.failed", e);
        }
    }

    public void onInterrupt(Received received, InboundMessage.Interrupt interrupt) {
        try {
            Optional<ConversationState> found = ports.store().state(received.connectionId());
            if (found.isEmpty()) {
                Log.info("interrupt.unknown_connection");
                return;
            }
            ConversationState state = found.get();
            Log.put("callSid", state.callSid());
            Log.put("useCase", state.useCaseId());
            int seen = state.turn();
            Log.put("turn", seen);
            if (state.turnStartedAt().isAfter(received.receivedAt())) {
                // processed after a newer prompt started its turn: it is about an earlier reply, and advancing the
                // turn now would silence the reply to that prompt
                Log.info("interrupt.late", "turn", seen);
                ports.metrics().count("Interrupts", state.useCaseId());
                return;
            }
            boolean advanced = ports.store().advanceTurnFrom(received.connectionId(), seen);
            String heard = heardOfReply(interrupt.utteranceUntilInterrupt(), state.filler());
            if (state.speakingStep() > 0) {
                ports.store().markInterrupted(received.connectionId(), seen, state.speakingStep(), heard);
            }
            ports.metrics().count("Interrupts", state.useCaseId());
            Log.info("interrupt", "turn", seen, "step", state.speakingStep(), "advanced", advanced,
                    "heardChars", heard.length(), "afterFiller", !state.filler().isEmpty(),
                    "durationMs", interrupt.durationUntilInterruptMs());
        } catch (RuntimeException e) {
            Log.error("interrupt.failed", e);
        }
    }

    public void onDtmf(Received received, InboundMessage.Dtmf dtmf) {
        try {
            keypad.press(received, dtmf.digit());
        } catch (RuntimeException e) {
            Log.error("dtmf.failed", e);
        }
    }

    public void onInfo(Received received, InboundMessage.Info info) {
        // tokensPlayed carries the spoken text: log the event name only
        boolean speakerEvent = info.name().endsWith("Speaking");
        Log.info("relay.info", "name", info.name(), "value", speakerEvent ? info.value() : null, "ts", info.ts());
    }

    public void onError(Received received, InboundMessage.Error error) {
        Log.warn("relay.error", "description", error.description());
        try {
            Optional<ConversationState> state = ports.store().state(received.connectionId());
            ports.metrics().count("RelayErrors", state.map(ConversationState::useCaseId).orElse(""));
        } catch (RuntimeException e) {
            ports.metrics().count("RelayErrors", "");
        }
    }

    /** What {@link #continueAfterTools} did. */
    public enum Continued {
        /** The model was asked again and its answer streamed (or it failed and the caller heard an apology). */
        ASKED_MODEL,
        /** Another delivery of the same batch got here first: nothing done. */
        DUPLICATE,
        /** The caller interrupted or spoke again while the tools ran: nothing said. */
        MOVED_ON,
        /** The call ended or the caller hung up (nothing said), or the state could not be read (an apology said). */
        ENDED,
        /** Something failed before the model was asked (logged). */
        FAILED
    }

    /** Told to the model (not stored) when the continuation's step is past the use case's {@code maxToolSteps}. */
    static final String NO_MORE_TOOLS = "You cannot call any more tools for this request. Answer the caller now with "
            + "the results you have; if something is still missing, say so briefly and offer another way to help.";

    /**
     * Asks the model again after the tool results of {@code (turn, step)} were written to history (the tool
     * continuation calls this), at {@code step + 1}, with the tools still offered so calls can chain, up to the use
     * case's {@code limits.maxToolSteps} model steps per turn; a step past that limit is asked without tools and told
     * to answer with what it has. Runs once per batch even when invoked twice (a claim per turn and step).
     *
     * <p>When the caller has moved on (an interrupt or a newer prompt advanced the turn) or hung up, nothing is
     * said: speaking now would be stale, and starting a new turn would cut off the reply to the caller's newer
     * prompt. The results stay in history, where the model finds them at the caller's next prompt.
     *
     * @param budget the continuation's own (its Lambda timeout: nobody waits for its answer)
     */
    public Continued continueAfterTools(String connectionId, int turn, int step, TurnBudget budget) {
        long startNanos = System.nanoTime();
        Received received = new Received(connectionId, ports.clock().instant(), "continuation", startNanos, budget);
        try {
            if (!ports.store().claim(connectionId, "continue#" + turn + "#" + step)) {
                Log.info("continuation.duplicate", "turn", turn, "step", step);
                return Continued.DUPLICATE;
            }
            Optional<LoadedCall> loaded = loader.load(received);
            if (loaded.isEmpty()) {
                Log.info("continuation.ended", "turn", turn, "step", step);
                return Continued.ENDED;
            }
            LoadedCall l = loaded.get();
            if (l.state().turn() != turn) {
                Log.info("continuation.moved_on", "turn", turn, "step", step, "currentTurn", l.state().turn());
                return Continued.MOVED_ON;
            }
            int next = step + 1;
            List<HistoryMessage> history = l.history();
            if (next > Math.max(0, l.useCase().limits().maxToolSteps())) {
                Log.info("continuation.tool_steps_exhausted", "turn", turn, "step", next,
                        "maxToolSteps", l.useCase().limits().maxToolSteps());
                history = new ArrayList<>(history);
                history.add(HistoryMessage.note(turn, NO_MORE_TOOLS, received.receivedAt()));
            }
            replies.run(new ReplyStart(l.state(), l.useCase(), history, new ReplyStart.KnownTurn(turn), next,
                    "continuation", startNanos, budget));
            return Continued.ASKED_MODEL;
        } catch (RuntimeException e) {
            Log.error("continuation.failed", e);
            return Continued.FAILED;
        }
    }

    /**
     * What the caller heard of the model's reply when they interrupted: Twilio's {@code utteranceUntilInterrupt}
     * without the filler said before the reply (history keeps the model's words, never the filler). Twilio may
     * report the filler's talk cycle with the reply or not; a barge-in during the filler heard nothing of the reply.
     */
    static String heardOfReply(String heard, String filler) {
        if (filler.isEmpty()) {
            return heard;
        }
        String said = heard.strip();
        if (said.startsWith(filler)) {
            return said.substring(filler.length()).strip();
        }
        return filler.startsWith(said) ? "" : heard;
    }

    private static Optional<String> limitReached(ConversationState state, UseCase useCase, Instant now) {
        UseCase.Limits limits = useCase.limits();
        if (limits.maxTurns() > 0 && state.turn() >= limits.maxTurns()) {
            return Optional.of("max turns");
        }
        if (limits.maxCallSeconds() > 0 && state.startedAt().isAfter(Instant.EPOCH)
                && Duration.between(state.startedAt(), now).toSeconds() >= limits.maxCallSeconds()) {
            return Optional.of("max call length");
        }
        return Optional.empty();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return "";
    }
}
