package dev.switchboard.shared.metrics;

/** Where per-turn measurements go. The adapter is {@link EmfMetrics} (CloudWatch embedded metric format). */
public interface Metrics {

    /** One finished turn: a reply to a prompt, a keypad action, a continuation after tools. */
    void turn(TurnMetrics turn);

    /** Counts one event (e.g. {@code Interrupts}, {@code MalformedFrames}) for the use case. */
    void count(String name, String useCaseId);
}
