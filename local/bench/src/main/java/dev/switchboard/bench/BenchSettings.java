package dev.switchboard.bench;

import java.time.Duration;
import java.util.Set;

/** What the benchmark runs, and how hard: the options of {@link BenchCommand#USAGE}. */
record BenchSettings(Duration dynamoLatency, Duration firstToken, Duration tokenPace, int turns, int baselineTurns,
                     int interrupts, int calls, int callTurns, int coldStarts, int stalls, Set<String> skip,
                     Duration phaseLimit) {

    static final Set<String> PARTS = Set.of("latency", "interrupts", "stall", "concurrency", "cost", "coldstart",
            "sizes");
    /** Longer than the 8 s token timeout. */
    static final Duration STALL = Duration.ofSeconds(10);

    boolean runs(String part) {
        return !skip.contains(part);
    }
}
