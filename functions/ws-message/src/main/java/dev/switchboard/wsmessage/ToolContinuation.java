package dev.switchboard.wsmessage;

import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolResults;
import dev.switchboard.wsmessage.conversation.ConversationEngine;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resumes a conversation with the results of one tool step: writes each result as its own history item (once per
 * tool-call id, so a redelivered payload changes nothing), then lets the {@link ConversationEngine} ask the model
 * again (once per turn and step, whatever the number of deliveries).
 */
final class ToolContinuation {

    /** What one delivery did. */
    record Outcome(int stored, int alreadyStored, ConversationEngine.Continued continued) {
    }

    private final ConversationStore store;
    private final ConversationEngine engine;
    private final InstantSource clock;

    ToolContinuation(ConversationStore store, ConversationEngine engine, InstantSource clock) {
        this.store = store;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Checks the payload, stores the results, continues within {@code budget}.
     *
     * @throws IllegalArgumentException  for a payload that names no connection or a turn/step out of range (a retry
     *                                   would fail the same way)
     * @throws ResultsNotStoredException when a result could not be written (the store may recover: worth a retry)
     */
    Outcome resume(ToolResults delivery, TurnBudget budget) {
        check(delivery);
        int stored = 0;
        int alreadyStored = 0;
        for (ToolResult result : delivery.results()) {
            HistoryMessage message = HistoryMessage.toolResult(delivery.turn(), delivery.step(), result.toolCallId(),
                    nullToEmpty(result.name()), modelContent(result), clock.instant());
            boolean written;
            try {
                written = store.appendIfAbsent(delivery.connectionId(), message);
            } catch (RuntimeException e) {
                throw new ResultsNotStoredException("tool result " + result.toolCallId() + " not stored", e);
            }
            if (written) {
                stored++;
            } else {
                alreadyStored++;
            }
            Log.info("tool.result", "tool", result.name(), "toolCallId", result.toolCallId(), "ok", result.ok(),
                    "error", result.error(), "duplicate", !written);
        }
        ConversationEngine.Continued continued = engine.continueAfterTools(delivery.connectionId(), delivery.turn(),
                delivery.step(), budget);
        return new Outcome(stored, alreadyStored, continued);
    }

    /**
     * What the model reads as the tool message. A success is the tool's own content (usually a JSON object); a
     * failure is wrapped so the model cannot take it for an answer: {@code {"ok":false,"error":code,"message":…}}.
     */
    static String modelContent(ToolResult result) {
        String content = nullToEmpty(result.content());
        if (result.ok()) {
            return content.isEmpty() ? "{\"ok\":true}" : content;
        }
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("ok", false);
        failure.put("error", result.error() == null || result.error().isBlank() ? "failed" : result.error());
        failure.put("message", content.isEmpty() ? "The tool did not work." : content);
        return Json.write(failure);
    }

    private static void check(ToolResults delivery) {
        List<String> problems = new ArrayList<>();
        if (delivery.connectionId() == null || delivery.connectionId().isBlank()) {
            problems.add("connectionId is missing");
        }
        if (delivery.turn() < 1 || delivery.turn() > 999_999) {
            problems.add("turn " + delivery.turn() + " is out of range");
        }
        if (delivery.step() < 1 || delivery.step() > 998) {
            problems.add("step " + delivery.step() + " is out of range");
        }
        for (ToolResult result : delivery.results()) {
            if (result == null || result.toolCallId() == null || result.toolCallId().isBlank()) {
                problems.add("a result has no toolCallId");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * A result could not be written to the conversation store. Thrown out of the handler on purpose (a stable class
     * name for Lambda's {@code errorType}): the asynchronous invoke is retried (twice at most, see template.yaml's
     * {@code EventInvokeConfig}), and a retry is harmless because every write and the continue decision are
     * idempotent.
     */
    static final class ResultsNotStoredException extends RuntimeException {
        ResultsNotStoredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
