package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.metrics.Metrics;
import dev.switchboard.shared.metrics.TurnMetrics;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** What one reply measured, and the one place its metrics and its {@code turn.done} log are written. */
final class TurnTally {

    private final Metrics metrics;
    private final ReplyStart start;
    private final AtomicInteger fillers = new AtomicInteger();
    private long firstTokenNanos;
    private int promptTokens;
    private int completionTokens;
    private int errors;
    private TurnOutcome outcome = TurnOutcome.NONE;

    TurnTally(Metrics metrics, ReplyStart start) {
        this.metrics = metrics;
        this.start = start;
    }

    /** Something came from the model (text or a tool-call piece); only the first one counts. */
    void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    void usage(LlmDelta.Usage usage) {
        promptTokens += usage.promptTokens();
        completionTokens += usage.completionTokens();
    }

    void filler() {
        fillers.incrementAndGet();
    }

    void error() {
        errors++;
    }

    void outcome(TurnOutcome outcome) {
        this.outcome = outcome;
    }

    void budgetReached() {
        metrics.count("TurnBudgetReached", start.useCase().id());
    }

    void report(RelaySender sender) {
        OptionalLong firstToken = firstTokenNanos == 0 ? OptionalLong.empty()
                : OptionalLong.of((firstTokenNanos - start.startNanos()) / 1_000_000);
        OptionalLong firstPost = sender.firstPostNanos() == 0 ? OptionalLong.empty()
                : OptionalLong.of((sender.firstPostNanos() - start.startNanos()) / 1_000_000);
        metrics.turn(new TurnMetrics(start.useCase().id(), start.kind(), firstToken, firstPost, sender.posted(),
                promptTokens, completionTokens, errors, fillers.get(), outcome.key()));
        Log.info("turn.done", "kind", start.kind(), "outcome", outcome.key(), "posts", sender.posted(),
                "fillers", fillers.get(),
                "firstTokenMs", firstToken.isPresent() ? firstToken.getAsLong() : null,
                "firstPostMs", firstPost.isPresent() ? firstPost.getAsLong() : null,
                "completionTokens", completionTokens);
    }
}
