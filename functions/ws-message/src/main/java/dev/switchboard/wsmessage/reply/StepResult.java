package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.wsmessage.llm.LlmException;
import java.util.List;
import java.util.Optional;

/** What one model request produced: its text, its tool calls, and the failure that ended it early, if any. */
record StepResult(String raw, List<ToolCall> calls, Optional<LlmException> failure) {

    static final StepResult NOTHING = new StepResult("", List.of(), Optional.empty());

    boolean failed() {
        return failure.isPresent();
    }
}
