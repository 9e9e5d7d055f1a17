package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.llm.LlmException;
import java.util.List;

/**
 * What a reply does when it cannot answer normally. Every failure the caller could notice ends in something they
 * hear: an apology, or after {@code handoff.afterFailures} consecutive failures a handoff; a reply out of time
 * wraps up; a reply the caller stopped keeps what it had.
 */
final class FailurePolicy {

    private final TurnContext turn;

    FailurePolicy(TurnContext turn) {
        this.turn = turn;
    }

    /** The model failed (or sent nothing): an apology, or a handoff after too many failures in a row. */
    void modelFailed(int step, String raw, LlmException failure) {
        turn.tally.error();
        Log.error("llm.failed", failure, "kind", failure.kind().name(), "step", step);
        int failures = turn.failedAgain();
        UseCase.Handoff handoff = turn.useCase.handoff();
        String said;
        if (handoff.afterFailures() > 0 && failures >= handoff.afterFailures()) {
            said = handoff.message().isBlank() ? turn.phrase(Phrases.Phrase.APOLOGY) : handoff.message();
            turn.spoken.say(said);
            turn.spoken.finish();
            turn.end(HandoffData.handoff("failures", "the assistant failed " + failures + " times in a row",
                    turn.language()));
            turn.tally.outcome(TurnOutcome.HANDOFF);
        } else {
            said = turn.phrase(Phrases.Phrase.APOLOGY);
            turn.spoken.say(said);
            turn.spoken.finish();
            turn.tally.outcome(TurnOutcome.APOLOGY);
        }
        String content = raw.isBlank() ? said : raw + " " + said;
        turn.history.remember(HistoryMessage.assistant(0, step, content, List.of(), turn.now()));
    }

    /**
     * The turn's budget ran out (see {@link ReplyTurn}): the words streamed so far, the {@code wrapUp} phrase,
     * {@code last: true}; history gets what the caller heard of this step.
     */
    void wrapUp(int step, StepResult result, int stepStart) {
        turn.tally.outcome(TurnOutcome.BUDGET);
        turn.spoken.cutShort(turn.phrase(Phrases.Phrase.WRAP_UP));
        String heard = turn.spoken.spoken().substring(stepStart);
        turn.tally.budgetReached();
        Log.info("turn.budget_reached", "step", step, "kind", turn.start.kind(),
                "sinceStartMs", (System.nanoTime() - turn.start.startNanos()) / 1_000_000,
                "modelChars", result.raw().length(), "heardChars", heard.length(),
                "droppedToolCalls", result.calls().size(),
                "failure", result.failure().map(f -> f.kind().name()).orElse(null));
        turn.history.remember(HistoryMessage.assistant(0, step, heard, List.of(), turn.now()));
    }

    /** The caller interrupted, spoke again or hung up: what the model had said so far is kept, marked interrupted. */
    void stopped(int step, StepResult result) {
        turn.tally.outcome(turn.sender.gone() ? TurnOutcome.GONE : TurnOutcome.INTERRUPTED);
        Log.info("turn.stopped", "reason", turn.sender.stopReason().name(), "step", step);
        if (!result.raw().isBlank()) {
            // the interrupt's exact rewrite wins: it overwrites this, or this finds its item and does nothing
            turn.history.remember(new HistoryMessage(0, step, HistoryMessage.Kind.ASSISTANT, result.raw(), List.of(),
                    "", "", true, turn.now()));
        }
    }

    /** Something unexpected broke the reply: an apology. */
    void crashed(RuntimeException e) {
        turn.tally.error();
        turn.tally.outcome(TurnOutcome.APOLOGY);
        Log.error("turn.failed", e);
        turn.spoken.say(turn.phrase(Phrases.Phrase.APOLOGY));
        turn.spoken.finish();
    }
}
