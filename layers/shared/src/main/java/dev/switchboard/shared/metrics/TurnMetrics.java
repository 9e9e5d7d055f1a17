package dev.switchboard.shared.metrics;

import java.util.OptionalLong;

/**
 * What one turn measured. Times are milliseconds from receiving the frame that started the turn; absent when it
 * never happened (no token because the model failed, no post because the caller interrupted first).
 *
 * @param kind             {@code prompt}, {@code dtmf}, {@code continuation}
 * @param posts            frames posted to the caller for this reply
 * @param promptTokens     tokens the model read, 0 when unknown
 * @param completionTokens tokens the model wrote, 0 when unknown
 * @param errors           failures in this turn (LLM, store, tool start)
 * @param fillers          filler phrases said because the model was slow to start (at most one per model request)
 * @param outcome          {@code replied}, {@code interrupted}, {@code tools}, {@code handoff}, {@code hangup},
 *                         {@code apology}, {@code gone}, {@code budget} (cut short by the turn's time budget)
 */
public record TurnMetrics(String useCaseId, String kind, OptionalLong firstTokenMs, OptionalLong firstPostMs,
                          int posts, int promptTokens, int completionTokens, int errors, int fillers, String outcome) {
}
