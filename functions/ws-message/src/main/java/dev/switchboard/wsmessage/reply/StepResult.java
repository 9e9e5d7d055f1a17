package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.wsmessage.llm.LlmException;
import java.util.List;
import java.util.Optional;

/** What one model request produced: its text, its tool calls, and the failure that ended it early, if any. */
final class StepResult {

    static final StepResult NOTHING = answered("", List.of());

    private final String raw;
    private final List<ToolCall> calls;
    private final LlmException failure;
    private final boolean failed;

    private StepResult(String raw, List<ToolCall> calls, LlmException failure, boolean failed) {
        this.raw = raw;
        this.calls = List.copyOf(calls);
        this.failure = failure;
        this.failed = failed;
    }

    /** The request ended normally. */
    static StepResult answered(String raw, List<ToolCall> calls) {
        return new StepResult(raw, calls, null, false);
    }

    /** The request failed after producing {@code raw} and {@code calls}. */
    static StepResult failed(String raw, List<ToolCall> calls, LlmException failure) {
        return new StepResult(raw, calls, failure, true);
    }

    String raw() {
        return raw;
    }

    List<ToolCall> calls() {
        return calls;
    }

    Optional<LlmException> failure() {
        return failed ? Optional.of(failure) : Optional.empty();
    }

    boolean failed() {
        return failed;
    }
}
