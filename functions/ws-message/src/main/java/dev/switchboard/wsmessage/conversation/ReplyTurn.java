package dev.switchboard.wsmessage.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.metrics.TurnMetrics;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.LlmStream;
import dev.switchboard.wsmessage.llm.ToolCallAssembler;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import dev.switchboard.wsmessage.speech.RelaySender;
import dev.switchboard.wsmessage.tools.BuiltInTool;
import dev.switchboard.wsmessage.tools.ToolBatch;
import dev.switchboard.wsmessage.tools.ToolCallRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One reply: asks the model, streams what it says to the caller, and acts on the tools it calls, step by step,
 * until the model has answered in words, handed the work to the tool runner, or ended the call. Used for prompts,
 * keypad input passed to the model, and the continuation after tool results.
 *
 * <p>Frames go through a {@link RelaySender} whose gate compares the turn with the stored one before every post:
 * an interrupt or a newer prompt advances the stored turn, the sender stops within one chunk and closes the model
 * stream. Every failure the caller could notice ends in something they hear: an apology, or after
 * {@code handoff.afterFailures} consecutive failures a handoff. What the agent says on its own comes from the use
 * case's {@code phrases} in the call's language.
 *
 * <p><b>Turn budget.</b> The invocation must return within its {@link TurnBudget} (API Gateway stops waiting for
 * {@code $default} 29 s after the frame's request time). At {@link TurnBudget#wrapUpAt} a reply still streaming stops
 * reading the model (its stream is closed), says what it had up to the last complete word, then the {@code wrapUp}
 * phrase with {@code last: true}; no model request starts after it. Each model request gets the time left until
 * then as its time limit. History keeps exactly what the caller heard of that step: the words posted and the
 * phrase (an interrupt during the phrase rewrites it, as for any reply). Tool calls the cut stream had not finished
 * are dropped. Logged as {@code turn.budget_reached}, outcome {@code budget}, metric {@code TurnBudgetReached}; the
 * failure count is left as it is.
 *
 * <p><b>First-token filler.</b> When a model request has produced nothing (no text, no tool-call piece)
 * {@code llm.fillerAfterMs} after it was sent, the use case's {@code filler} phrase is said, once per request at
 * most, as a talk cycle of its own ({@code last: true}) so that Twilio speaks it now; the reply follows as the next
 * cycle, and if the model still sends nothing the token timeout brings the apology as before. The filler is not the
 * model's: history never stores it, the reply's message holds the model's words only. The state records it for
 * the step being spoken ({@link ConversationState#filler}) so that an interrupt takes it out of what the caller
 * heard: cut during the filler, the reply is stored as heard-nothing; cut later, as the words after the filler.
 * The turn's metrics count it ({@code Fillers}); its post is the turn's first post.
 */
final class ReplyTurn {

    /**
     * How a reply starts.
     *
     * @param history          the conversation so far, oldest first, including the message that started this turn
     * @param turn             this reply's turn (a prompt's number may still be on its way)
     * @param firstStep        1 for a new turn, {@code step + 1} for a continuation after tools at {@code step}
     * @param budget           when the reply must stop and the invocation return
     * @param afterRequestSent runs once the first model request is on the wire (or failed): the writes that go in
     *                         parallel with the model start there, so nothing but one Query precedes the request
     */
    record Start(ConversationState state, UseCase useCase, List<HistoryMessage> history, TurnNumber turn,
                 int firstStep, String kind, long startNanos, TurnBudget budget, Runnable afterRequestSent) {
    }

    private record StepResult(String raw, List<ToolCall> calls, Optional<LlmException> failure) {
        static final StepResult NOTHING = new StepResult("", List.of(), Optional.empty());
    }

    private static final Duration TURN_WAIT = Duration.ofSeconds(3);
    /**
     * Added to a model request's time limit beyond the wrap-up: the engine closes the stream at the wrap-up itself;
     * the request's own limit is the backstop for an adapter blocked before the stream exists.
     */
    static final Duration REQUEST_GRACE = Duration.ofMillis(500);

    private final ConversationPorts ports;
    private final EngineSettings settings;
    private final Start start;
    private final BackgroundWork background;
    private final UseCase useCase;
    private final String connectionId;
    private final RelaySender sender;
    private final SpokenReply spoken;
    private final AtomicReference<LlmStream> openStream = new AtomicReference<>();
    /** Guards {@link #awaitingFirstToken}: a filler is queued before the step's first words or not at all. */
    private final Object firstTokenLock = new Object();
    /** The step whose request is out and has produced nothing yet, 0 when none. */
    private int awaitingFirstToken;
    private final AtomicInteger fillers = new AtomicInteger();
    /** The wrap-up time has come: no more model requests. */
    private volatile boolean budgetPassed;
    /** The budget closed a stream that was still being read. */
    private volatile boolean cutByBudget;
    private ConversationState state;
    private boolean requestSent;
    private long firstTokenNanos;
    private int promptTokens;
    private int completionTokens;
    private int errors;
    private String outcome = "none";

    ReplyTurn(ConversationPorts ports, EngineSettings settings, Start start, BackgroundWork background) {
        this.ports = ports;
        this.settings = settings;
        this.start = start;
        this.background = background;
        this.useCase = start.useCase();
        this.state = start.state();
        this.connectionId = state.connectionId();
        this.sender = new RelaySender(ports.channel(), connectionId, this::turnIsCurrent, this::cancelStream);
        this.spoken = new SpokenReply(useCase.speech().voiceSafe(), sender);
    }

    void run() {
        Alarm budgetAlarm = Alarm.after(start.budget().untilWrapUp(ports.clock().instant()), this::budgetReached);
        List<LlmMessage> messages = new ArrayList<>(ModelMessages.of(systemPrompt(), start.history()));
        int step = start.firstStep();
        try {
            while (true) {
                int stepStart = spoken.spoken().length();
                if (budgetSpent()) {
                    requestSent();
                    wrapUp(step, StepResult.NOTHING, stepStart);
                    return;
                }
                boolean offerTools = step <= Math.max(0, useCase.limits().maxToolSteps());
                LlmRequest request = new LlmRequest(useCase.llm().model(), useCase.llm().temperature(),
                        useCase.llm().maxTokens(), messages, offerTools ? tools() : List.of(),
                        start.budget().untilWrapUp(ports.clock().instant()).plus(REQUEST_GRACE));
                StepResult result = streamStep(request, step);
                if (sender.stopped()) {
                    stopped(step, result);
                    return;
                }
                if (cutByBudget || (budgetPassed && result.failure().isPresent())) {
                    wrapUp(step, result, stepStart);
                    return;
                }
                if (result.failure().isPresent()) {
                    failed(step, result.raw(), result.failure().get());
                    return;
                }
                if (result.calls().isEmpty()) {
                    if (result.raw().isBlank()) {
                        failed(step, "", new LlmException(LlmException.Kind.SERVER_ERROR, "empty reply", null));
                        return;
                    }
                    spoken.finish();
                    remember(HistoryMessage.assistant(0, step, result.raw(), List.of(), ports.clock().instant()));
                    succeeded("replied");
                    return;
                }
                Optional<ToolCall> terminal = result.calls().stream()
                        .filter(c -> BuiltInTool.named(c.name()).map(BuiltInTool::terminal).orElse(false))
                        .findFirst();
                if (terminal.isPresent()) {
                    terminal(step, result, terminal.get());
                    return;
                }
                if (!continueAfterToolCalls(step, result, messages)) {
                    return;
                }
                step++;
                int turn = turn();
                int next = step;
                background.run("state.speaking", () -> ports.store().markSpeaking(connectionId, turn, next));
            }
        } catch (RuntimeException e) {
            errors++;
            outcome = "apology";
            Log.error("turn.failed", e);
            spoken.say(phrase(Phrases.Phrase.APOLOGY));
            spoken.finish();
        } finally {
            budgetAlarm.cancel();
            finishInvocation();
        }
    }

    /**
     * Handles tool calls that do not end the call.
     *
     * @return true to ask the model again at the next step, false when the turn is done (tools were started)
     */
    private boolean continueAfterToolCalls(int step, StepResult result, List<LlmMessage> messages) {
        List<ToolCall> configured = new ArrayList<>();
        for (ToolCall call : result.calls()) {
            if (BuiltInTool.named(call.name()).isEmpty() && useCase.tool(call.name()).isPresent()) {
                configured.add(call);
            }
        }
        spoken.finish();
        int turn = turn();
        Map<String, String> results = new LinkedHashMap<>();
        for (ToolCall call : result.calls()) {
            if (!configured.contains(call)) {
                results.put(call.id(), performInline(call));
            }
        }
        HistoryMessage assistant = HistoryMessage.assistant(turn, step, result.raw(), result.calls(), ports.clock().instant());
        ports.store().appendIfAbsent(connectionId, assistant);
        for (ToolCall call : result.calls()) {
            if (results.containsKey(call.id())) {
                ports.store().appendIfAbsent(connectionId, HistoryMessage.toolResult(turn, step, call.id(), call.name(),
                        results.get(call.id()), ports.clock().instant()));
            }
        }
        if (!configured.isEmpty()) {
            // the calls are stored before the filler is spoken: an interrupt of the filler must find them
            if (result.raw().isBlank()) {
                useCase.tool(configured.getFirst().name()).map(UseCase.ToolSpec::filler).ifPresent(spoken::say);
                spoken.finish();
            }
            String holdAudio = useCase.speech().holdAudioUrl();
            if (!holdAudio.isBlank()) {
                sender.send(new OutboundMessage.Play(holdAudio, 0, true, null));
            }
            ToolBatch batch = new ToolBatch(ConversationEngine.callIdOf(state), connectionId, useCase.id(), turn, step,
                    configured.stream().map(c -> new ToolCallRequest(c.id(), c.name(), c.argumentsJson())).toList(),
                    toolFacts());
            try {
                ports.tools().start(batch);
                Log.info("tools.started", "step", step, "tools", configured.stream().map(ToolCall::name).toList());
                succeeded("tools");
                return false;
            } catch (RuntimeException e) {
                errors++;
                Log.error("tools.start_failed", e, "step", step);
                for (ToolCall call : configured) {
                    String failure = "{\"ok\":false,\"error\":\"the tool could not be started\"}";
                    results.put(call.id(), failure);
                    ports.store().appendIfAbsent(connectionId, HistoryMessage.toolResult(turn, step, call.id(),
                            call.name(), failure, ports.clock().instant()));
                }
            }
        }
        messages.add(new LlmMessage.Assistant(result.raw(), result.calls()));
        for (ToolCall call : result.calls()) {
            messages.add(new LlmMessage.ToolResult(call.id(), results.get(call.id())));
        }
        messages.set(0, new LlmMessage.System(systemPrompt()));
        return true;
    }

    /** Runs a built-in tool that does not end the call; returns its result for the model. */
    private String performInline(ToolCall call) {
        JsonNode args = arguments(call);
        Optional<BuiltInTool> builtIn = BuiltInTool.named(call.name());
        if (builtIn.isEmpty()) {
            Log.warn("tools.unknown", "tool", call.name());
            return "{\"ok\":false,\"error\":\"there is no tool named " + call.name().replaceAll("[^A-Za-z0-9_-]", "") + "\"}";
        }
        switch (builtIn.get()) {
            case SWITCH_LANGUAGE -> {
                Optional<String> code = supportedLanguage(args.path("language").asText(""));
                if (code.isEmpty()) {
                    return Json.write(Map.of("ok", false, "error", "unsupported language",
                            "supported", BuiltInTool.languages(useCase)));
                }
                sender.send(OutboundMessage.Language.both(code.get()));
                state = state.withLanguage(code.get());
                background.run("state.language", () -> ports.store().setLanguage(connectionId, code.get()));
                Log.info("language.switched", "language", code.get());
                return Json.write(Map.of("ok", true, "language", code.get()));
            }
            case SEND_DIGITS -> {
                String digits = args.path("digits").asText("");
                if (!OutboundMessage.SendDigits.isValid(digits)) {
                    return "{\"ok\":false,\"error\":\"digits may hold only 0-9, w, # and *\"}";
                }
                sender.send(new OutboundMessage.SendDigits(digits));
                Log.info("dtmf.sent", "digitCount", digits.length());
                return "{\"ok\":true}";
            }
            default -> {
                return "{\"ok\":false}";
            }
        }
    }

    private Optional<String> supportedLanguage(String requested) {
        List<String> supported = BuiltInTool.languages(useCase);
        for (String code : supported) {
            if (code.equalsIgnoreCase(requested)) {
                return Optional.of(code);
            }
        }
        String primary = requested.toLowerCase(Locale.ROOT).split("[-_]")[0];
        return supported.stream().filter(c -> c.toLowerCase(Locale.ROOT).split("[-_]")[0].equals(primary)).findFirst();
    }

    private void terminal(int step, StepResult result, ToolCall call) {
        BuiltInTool tool = BuiltInTool.named(call.name()).orElseThrow();
        JsonNode args = arguments(call);
        String language = language();
        HandoffData data;
        String line;
        if (tool == BuiltInTool.HANDOFF) {
            String summary = args.path("summary").asText(args.path("reason").asText(""));
            data = HandoffData.handoff("caller_request", summary, language);
            line = useCase.handoff().message();
        } else {
            data = HandoffData.hangup("goodbye", args.path("reason").asText(""), language);
            line = phrase(Phrases.Phrase.GOODBYE);
        }
        if (result.raw().isBlank()) {
            spoken.say(line);
        }
        spoken.finish();
        remember(HistoryMessage.assistant(0, step, result.raw(), result.calls(), ports.clock().instant()));
        for (ToolCall c : result.calls()) {
            remember(HistoryMessage.toolResult(0, step, c.id(), c.name(), "{\"ok\":true}", ports.clock().instant()));
        }
        end(data);
        succeeded(data.action());
    }

    private void failed(int step, String raw, LlmException failure) {
        errors++;
        Log.error("llm.failed", failure, "kind", failure.kind().name(), "step", step);
        int failures = state.failures() + 1;
        background.run("state.failures", () -> ports.store().recordFailures(connectionId, failures));
        UseCase.Handoff handoff = useCase.handoff();
        String said;
        if (handoff.afterFailures() > 0 && failures >= handoff.afterFailures()) {
            said = handoff.message().isBlank() ? phrase(Phrases.Phrase.APOLOGY) : handoff.message();
            spoken.say(said);
            spoken.finish();
            end(HandoffData.handoff("failures", "the assistant failed " + failures + " times in a row", language()));
            outcome = "handoff";
        } else {
            said = phrase(Phrases.Phrase.APOLOGY);
            spoken.say(said);
            spoken.finish();
            outcome = "apology";
        }
        String content = raw.isBlank() ? said : raw + " " + said;
        remember(HistoryMessage.assistant(0, step, content, List.of(), ports.clock().instant()));
    }

    /**
     * The turn's budget ran out (see the class comment): the words streamed so far, the {@code wrapUp} phrase,
     * {@code last: true}; history gets what the caller heard of this step.
     */
    private void wrapUp(int step, StepResult result, int stepStart) {
        outcome = "budget";
        spoken.cutShort(phrase(Phrases.Phrase.WRAP_UP));
        String heard = spoken.spoken().substring(stepStart);
        ports.metrics().count("TurnBudgetReached", useCase.id());
        Log.info("turn.budget_reached", "step", step, "kind", start.kind(),
                "sinceStartMs", (System.nanoTime() - start.startNanos()) / 1_000_000,
                "modelChars", result.raw().length(), "heardChars", heard.length(),
                "droppedToolCalls", result.calls().size(), "failure", result.failure().map(f -> f.kind().name()).orElse(null));
        remember(HistoryMessage.assistant(0, step, heard, List.of(), ports.clock().instant()));
    }

    private void stopped(int step, StepResult result) {
        outcome = sender.gone() ? "gone" : "interrupted";
        Log.info("turn.stopped", "reason", sender.stopReason().name(), "step", step);
        if (!result.raw().isBlank()) {
            // the interrupt's exact rewrite wins: it overwrites this, or this finds its item and does nothing
            remember(new HistoryMessage(0, step, HistoryMessage.Kind.ASSISTANT, result.raw(), List.of(), "", "", true,
                    ports.clock().instant()));
        }
    }

    /**
     * Writes a message of this turn in the background, unless one with its key exists (an interrupt's rewrite). The
     * turn number comes from {@link #start}; {@code message.turn()} is ignored. Without a turn number (the write
     * that assigns it failed) the message is not kept: logged, not spoken about.
     */
    private void remember(HistoryMessage message) {
        OptionalInt turn = start.turn().await(TURN_WAIT);
        if (turn.isEmpty()) {
            Log.warn("history.not_written", "reason", "turn unknown", "kind", message.kind().key());
            return;
        }
        HistoryMessage numbered = new HistoryMessage(turn.getAsInt(), message.step(), message.kind(), message.content(),
                message.toolCalls(), message.toolCallId(), message.toolName(), message.interrupted(), message.at());
        background.run("history." + message.kind().key(), () -> ports.store().appendIfAbsent(connectionId, numbered));
    }

    private void succeeded(String how) {
        outcome = how;
        if (state.failures() > 0) {
            background.run("state.failures", () -> ports.store().recordFailures(connectionId, 0));
        }
    }

    /** Sends {@code end} once everything said before it has been posted. */
    private void end(HandoffData data) {
        sender.awaitDelivered(deliveryWait());
        if (sender.stopped()) {
            return;
        }
        sender.send(new OutboundMessage.End(data.toJson()));
        sender.awaitDelivered(deliveryWait());
        if (!sender.stopped()) {
            Log.info("call.end", "action", data.action(), "reason", data.reason());
            background.run("state.ended", () -> ports.store().markEnded(connectionId, ConversationState.ENDED, data.action()));
        }
    }

    private StepResult streamStep(LlmRequest request, int step) {
        StringBuilder raw = new StringBuilder();
        ToolCallAssembler calls = new ToolCallAssembler();
        boolean produced = false; // whether firstToken() ran for this step (it takes a lock)
        Alarm filler = fillerAlarm(step);
        try {
            LlmStream stream;
            try {
                stream = ports.llm().stream(request);
            } finally {
                requestSent();
            }
            openStream.set(stream);
            if (budgetPassed && openStream.compareAndSet(stream, null)) {
                // the budget ran out while the request was on its way
                cutByBudget = true;
                stream.close();
            }
            try (stream) {
                Optional<LlmDelta> next;
                while (!sender.stopped() && (next = stream.next()).isPresent()) {
                    switch (next.get()) {
                        case LlmDelta.Text text -> {
                            produced = produced || firstToken();
                            raw.append(text.text());
                            spoken.add(text.text());
                        }
                        case LlmDelta.ToolCallPiece piece -> {
                            produced = produced || firstToken();
                            calls.accept(piece);
                        }
                        case LlmDelta.Usage usage -> {
                            promptTokens += usage.promptTokens();
                            completionTokens += usage.completionTokens();
                        }
                        case LlmDelta.Finished finished -> Log.debug("llm.finished", "reason", finished.reason());
                    }
                }
                // from here the budget's alarm leaves this stream alone: it ended by itself
                openStream.compareAndSet(stream, null);
            } finally {
                openStream.compareAndSet(stream, null);
            }
            return new StepResult(raw.toString(), calls.calls(), Optional.empty());
        } catch (LlmException e) {
            return new StepResult(raw.toString(), calls.calls(), Optional.of(e));
        } catch (RuntimeException e) {
            return new StepResult(raw.toString(), calls.calls(),
                    Optional.of(new LlmException(LlmException.Kind.CONNECTION, "model stream failed", e)));
        } finally {
            synchronized (firstTokenLock) {
                awaitingFirstToken = 0;
            }
            filler.cancel();
        }
    }

    /** The filler's alarm for the request of {@code step}, set just before it is sent; none when the use case has none. */
    private Alarm fillerAlarm(int step) {
        int afterMs = useCase.llm().fillerAfterMs();
        String text = phrase(Phrases.Phrase.FILLER);
        if (afterMs <= 0 || text.isBlank()) {
            return Alarm.NONE;
        }
        synchronized (firstTokenLock) {
            awaitingFirstToken = step;
        }
        return Alarm.after(Duration.ofMillis(afterMs), () -> fillerDue(step, text));
    }

    /**
     * On the filler's alarm: says the filler if the request of {@code step} has still produced nothing, before any
     * of its words (the lock orders the two), and records it on the state for interrupts.
     */
    private void fillerDue(int step, String text) {
        synchronized (firstTokenLock) {
            if (awaitingFirstToken != step || budgetPassed || sender.stopped()) {
                return;
            }
            awaitingFirstToken = 0;
            fillers.incrementAndGet();
            sender.send(OutboundMessage.Text.last(text));
            background.run("state.filler", () -> start.turn().await(TURN_WAIT)
                    .ifPresent(turn -> ports.store().markFiller(connectionId, turn, step, text)));
        }
        Log.info("turn.filler", "step", step, "afterMs", useCase.llm().fillerAfterMs());
    }

    /** Whether the wrap-up time has come (the alarm may not have rung yet when it came at once). */
    private boolean budgetSpent() {
        if (!budgetPassed && start.budget().untilWrapUp(ports.clock().instant()).isZero()) {
            budgetPassed = true;
        }
        return budgetPassed;
    }

    /**
     * On the budget's alarm: no more model requests; a stream still being read is closed (its loop ends and the
     * reply wraps up). A stream that has just ended by itself keeps its reply.
     */
    private void budgetReached() {
        budgetPassed = true;
        LlmStream stream = openStream.getAndSet(null);
        if (stream != null) {
            cutByBudget = true;
            stream.close();
        }
    }

    private void requestSent() {
        if (!requestSent) {
            requestSent = true;
            start.afterRequestSent().run();
        }
    }

    /** Something came from the model in this step: no filler for it any more. Returns true. */
    private boolean firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        synchronized (firstTokenLock) {
            awaitingFirstToken = 0;
        }
        return true;
    }

    /** The sender's gate: is this reply's turn still the stored one? Runs on the sender thread before each post. */
    private boolean turnIsCurrent() {
        OptionalInt mine = start.turn().await(TURN_WAIT);
        return mine.isEmpty() || ports.store().currentTurn(connectionId) == mine.getAsInt();
    }

    /** The sender stopped (interrupt, newer prompt, caller gone): stop reading the model. */
    private void cancelStream() {
        LlmStream stream = openStream.get();
        if (stream != null) {
            stream.close();
        }
    }

    private void finishInvocation() {
        start.turn().await(TURN_WAIT).ifPresent(turn -> Log.put("turn", turn));
        if (!sender.awaitDelivered(deliveryWait())) {
            Log.warn("relay.undelivered", "reason", "the turn's budget or the delivery timeout ran out");
        }
        sender.close();
        if (sender.gone()) {
            outcome = "gone";
            background.run("state.gone", () -> ports.store().markEnded(connectionId, ConversationState.GONE, "caller-gone"));
            if (!state.callSid().isEmpty()) {
                background.run("session.gone", () -> ports.sessions().recordOutcome(state.callSid(), "ended",
                        "caller-gone", Map.of()));
            }
        }
        background.awaitAll(deliveryWait());
        OptionalLong firstToken = firstTokenNanos == 0 ? OptionalLong.empty()
                : OptionalLong.of((firstTokenNanos - start.startNanos()) / 1_000_000);
        OptionalLong firstPost = sender.firstPostNanos() == 0 ? OptionalLong.empty()
                : OptionalLong.of((sender.firstPostNanos() - start.startNanos()) / 1_000_000);
        ports.metrics().turn(new TurnMetrics(useCase.id(), start.kind(), firstToken, firstPost, sender.posted(),
                promptTokens, completionTokens, errors, fillers.get(), outcome));
        Log.info("turn.done", "kind", start.kind(), "outcome", outcome, "posts", sender.posted(), "fillers", fillers.get(),
                "firstTokenMs", firstToken.isPresent() ? firstToken.getAsLong() : null,
                "firstPostMs", firstPost.isPresent() ? firstPost.getAsLong() : null,
                "completionTokens", completionTokens);
    }

    private int turn() {
        int turn = start.turn().await(TURN_WAIT)
                .orElseThrow(() -> new IllegalStateException("the turn number could not be stored"));
        Log.put("turn", turn);
        return turn;
    }

    private String systemPrompt() {
        return SystemPrompt.render(useCase, state.callerProfile(), state.callFacts(), ports.clock().instant());
    }

    private String language() {
        return ConversationEngine.language(state, useCase);
    }

    private String phrase(Phrases.Phrase phrase) {
        return useCase.phrases().say(phrase, language());
    }

    /** How long a wait for posts or writes at the end of the turn may last: the delivery timeout, within the budget. */
    private Duration deliveryWait() {
        return start.budget().capWait(settings.deliveryTimeout(), ports.clock().instant());
    }

    private List<ToolDefinition> tools() {
        List<ToolDefinition> tools = new ArrayList<>();
        for (UseCase.ToolSpec spec : useCase.tools()) {
            Map<String, Object> parameters = spec.parameters().isEmpty()
                    ? Map.of("type", "object", "properties", Map.of()) : spec.parameters();
            tools.add(new ToolDefinition(spec.name(), spec.description(), parameters));
        }
        tools.addAll(BuiltInTool.definitions(useCase));
        return tools;
    }

    private Map<String, String> toolFacts() {
        Map<String, String> facts = new LinkedHashMap<>(state.facts());
        facts.put("callSid", state.callSid());
        facts.put("from", state.from());
        facts.put("to", state.to());
        facts.put("language", language());
        return facts;
    }

    private static JsonNode arguments(ToolCall call) {
        try {
            JsonNode node = Json.read(call.argumentsJson());
            return node == null ? Json.object() : node;
        } catch (RuntimeException e) {
            return Json.object();
        }
    }
}
