package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.util.ArrayList;
import java.util.List;

/**
 * One reply: the model step loop. Asks the model ({@link ModelStep}), streams what it says to the caller, and acts
 * on the tools it calls ({@link ToolStep}), step by step, until the model has answered in words, handed the work to
 * the tool runner, or ended the call; whatever keeps it from answering goes to the {@link FailurePolicy}. Used for
 * prompts, keypad input passed to the model, and the continuation after tool results.
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

    private final TurnContext turn;
    private final ModelStep model;
    private final ToolStep tools;
    private final FailurePolicy failures;

    ReplyTurn(TurnContext turn) {
        this.turn = turn;
        this.model = new ModelStep(turn);
        this.tools = new ToolStep(turn);
        this.failures = new FailurePolicy(turn);
    }

    void run() {
        Alarm budgetAlarm = Alarm.after(turn.start.budget().untilWrapUp(turn.now()), model::budgetReached);
        List<LlmMessage> messages = new ArrayList<>(ModelMessages.of(turn.systemPrompt(), turn.start.history()));
        int step = turn.start.firstStep();
        try {
            while (true) {
                int stepStart = turn.spoken.spoken().length();
                if (model.budgetSpent()) {
                    turn.requestSent();
                    failures.wrapUp(step, StepResult.NOTHING, stepStart);
                    return;
                }
                boolean offerTools = step <= Math.max(0, turn.useCase.limits().maxToolSteps());
                StepResult result = model.ask(messages, offerTools, step);
                if (turn.sender.stopped()) {
                    failures.stopped(step, result);
                    return;
                }
                if (model.budgetEnded(result)) {
                    failures.wrapUp(step, result, stepStart);
                    return;
                }
                if (result.failed()) {
                    failures.modelFailed(step, result.raw(), result.failure().get());
                    return;
                }
                if (result.calls().isEmpty()) {
                    if (result.raw().isBlank()) {
                        failures.modelFailed(step, "", new LlmException(LlmException.Kind.SERVER_ERROR, "empty reply", null));
                        return;
                    }
                    turn.spoken.finish();
                    turn.history.remember(HistoryMessage.assistant(0, step, result.raw(), List.of(), turn.now()));
                    turn.succeeded(TurnOutcome.REPLIED);
                    return;
                }
                if (tools.handle(step, result, messages) == ToolStep.Next.DONE) {
                    return;
                }
                step++;
                turn.nextStep(step);
            }
        } catch (RuntimeException e) {
            failures.crashed(e);
        } finally {
            budgetAlarm.cancel();
            turn.finish();
        }
    }
}
