package dev.switchboard.bench;

import java.time.Duration;
import java.util.Set;

/**
 * What the benchmark runs, and how hard.
 *
 * @param dynamoLatency injected before each DynamoDB answer (a network hop)
 * @param firstToken    the scripted model's time to first token
 * @param tokenPace     the scripted model's time between tokens
 * @param turns         measured turns on one call, with {@code dynamoLatency}
 * @param baselineTurns measured turns with nothing injected
 * @param interrupts    interrupt trials
 * @param calls         concurrent simulated calls
 * @param callTurns     turns each concurrent call makes
 * @param coldStarts    fresh JVMs per mode (without and with priming)
 * @param stalls        turns against a model that takes the request and stalls for {@link #STALL}, each on its own
 *                      call (a second failure in a row would hand the call off)
 * @param skip          parts not to run, of {@link #PARTS}
 * @param phaseLimit    the longest any one part may run; loops stop early when it has passed
 */
record BenchSettings(Duration dynamoLatency, Duration firstToken, Duration tokenPace, int turns, int baselineTurns,
                     int interrupts, int calls, int callTurns, int coldStarts, int stalls, Set<String> skip,
                     Duration phaseLimit) {

    static final Set<String> PARTS = Set.of("latency", "interrupts", "stall", "concurrency", "cost", "coldstart",
            "sizes");
    /** How long the stalled model says nothing after taking the request (longer than the 8 s token timeout). */
    static final Duration STALL = Duration.ofSeconds(10);

    boolean runs(String part) {
        return !skip.contains(part);
    }
}
