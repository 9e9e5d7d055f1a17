package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.LlmStream;
import dev.switchboard.wsmessage.llm.ToolCallAssembler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One model request of a reply: sends it, streams its words to the caller as they come and collects its tool
 * calls. Also keeps the two clocks that run beside the request: the first-token filler and the turn's budget
 * (see {@link ReplyTurn}), whose alarms ring on their own threads while this one is blocked reading the model.
 */
final class ModelStep {

    /**
     * Added to a model request's time limit beyond the wrap-up: the reply closes the stream at the wrap-up itself;
     * the request's own limit is the backstop for an adapter blocked before the stream exists.
     */
    static final Duration REQUEST_GRACE = Duration.ofMillis(500);

    private final TurnContext turn;
    /** Guards {@link #awaitingFirstToken}: a filler is queued before the step's first words or not at all. */
    private final Object firstTokenLock = new Object();
    /** The step whose request is out and has produced nothing yet, 0 when none. */
    private int awaitingFirstToken;
    /** The wrap-up time has come: no more model requests. */
    private volatile boolean budgetPassed;
    /** The budget closed a stream that was still being read. */
    private volatile boolean cutByBudget;

    ModelStep(TurnContext turn) {
        this.turn = turn;
    }

    /** Asks the model at {@code step}, with the use case's tools when {@code offerTools}. */
    StepResult ask(List<LlmMessage> messages, boolean offerTools, int step) {
        var llm = turn.useCase.llm();
        LlmRequest request = new LlmRequest(llm.model(), llm.temperature(), llm.maxTokens(), messages,
                offerTools ? ToolStep.definitions(turn.useCase) : List.of(),
                turn.start.budget().untilWrapUp(turn.now()).plus(REQUEST_GRACE));
        return stream(request, step);
    }

    private StepResult stream(LlmRequest request, int step) {
        StringBuilder raw = new StringBuilder();
        ToolCallAssembler calls = new ToolCallAssembler();
        boolean produced = false; // whether firstToken() ran for this step (it takes a lock)
        Alarm filler = fillerAlarm(step);
        try {
            LlmStream stream;
            try {
                stream = turn.ports.llm().stream(request);
            } finally {
                turn.requestSent();
            }
            turn.stream.open(stream);
            if (budgetPassed && turn.stream.release(stream)) {
                // the budget ran out while the request was on its way
                cutByBudget = true;
                stream.close();
            }
            try (stream) {
                Optional<LlmDelta> next;
                while (!turn.sender.stopped() && (next = stream.next()).isPresent()) {
                    switch (next.get()) {
                        case LlmDelta.Text text -> {
                            produced = produced || firstToken();
                            raw.append(text.text());
                            turn.spoken.add(text.text());
                        }
                        case LlmDelta.ToolCallPiece piece -> {
                            produced = produced || firstToken();
                            calls.accept(piece);
                        }
                        case LlmDelta.Usage usage -> turn.tally.usage(usage);
                        case LlmDelta.Finished finished -> Log.debug("llm.finished", "reason", finished.reason());
                    }
                }
                // from here the budget's alarm leaves this stream alone: it ended by itself
                turn.stream.release(stream);
            } finally {
                turn.stream.release(stream);
            }
            return StepResult.answered(raw.toString(), calls.calls());
        } catch (LlmException e) {
            return StepResult.failed(raw.toString(), calls.calls(), e);
        } catch (RuntimeException e) {
            return StepResult.failed(raw.toString(), calls.calls(),
                    new LlmException(LlmException.Kind.CONNECTION, "model stream failed", e));
        } finally {
            synchronized (firstTokenLock) {
                awaitingFirstToken = 0;
            }
            filler.cancel();
        }
    }

    /** The filler's alarm for the request of {@code step}, set just before it is sent; none when the use case has none. */
    private Alarm fillerAlarm(int step) {
        int afterMs = turn.useCase.llm().fillerAfterMs();
        String text = turn.phrase(Phrases.Phrase.FILLER);
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
            if (awaitingFirstToken != step || budgetPassed || turn.sender.stopped()) {
                return;
            }
            awaitingFirstToken = 0;
            turn.tally.filler();
            turn.sender.send(OutboundMessage.Text.last(text));
            turn.markFiller(step, text);
        }
        Log.info("turn.filler", "step", step, "afterMs", turn.useCase.llm().fillerAfterMs());
    }

    /** Something came from the model in this step: no filler for it any more. Returns true. */
    private boolean firstToken() {
        turn.tally.firstToken();
        synchronized (firstTokenLock) {
            awaitingFirstToken = 0;
        }
        return true;
    }

    /** Whether the wrap-up time has come (the alarm may not have rung yet when it came at once). */
    boolean budgetSpent() {
        if (!budgetPassed && turn.start.budget().untilWrapUp(turn.now()).isZero()) {
            budgetPassed = true;
        }
        return budgetPassed;
    }

    /** Whether the budget ended {@code result}: it cut the stream, or ran out while the request failed. */
    boolean budgetEnded(StepResult result) {
        return cutByBudget || (budgetPassed && result.failed());
    }

    /**
     * On the budget's alarm: no more model requests; a stream still being read is closed (its loop ends and the
     * reply wraps up). A stream that has just ended by itself keeps its reply.
     */
    void budgetReached() {
        budgetPassed = true;
        turn.stream.takeAndClose(() -> cutByBudget = true);
    }
}
