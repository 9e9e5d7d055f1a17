package dev.switchboard.bench;

import dev.switchboard.bench.Recorder.TurnTiming;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.stack.RepoRoot;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At most one DynamoDB round trip between receiving a {@code prompt} and sending the model request, counted as the
 * longest chain of requests that ran one after the other in that window, on the real handlers behind the local
 * stack. The injected latency only makes sequential requests impossible to overlap; nothing asserts a time. Its own
 * stack, so that no background refresh of the cached use case (due 20 s after the first load) falls in a window.
 */
class PromptRoundTripsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String FROM = "+14155550161";

    private static BenchStack bench;
    private static String restaurant;

    @BeforeAll
    static void start() {
        Path root = RepoRoot.find();
        bench = BenchStack.start(root);
        restaurant = Benchmark.numberOf(root, "restaurant");
    }

    @AfterAll
    static void stop() {
        bench.close();
    }

    @Test
    void readsDynamoDbAtMostOnceInSequenceBetweenThePromptAndTheModelRequest() throws Exception {
        bench.dynamoLatency(Duration.ofMillis(20));
        bench.modelPace(Duration.ZERO, Duration.ZERO);
        try (BenchCall call = new BenchCall(bench, restaurant, FROM)) {
            call.open(TIMEOUT);
            for (int turn = 0; turn < 3; turn++) {
                String prompt = BenchStack.prompt("roundtrips-" + call.callSid(), turn);
                call.say(prompt);
                call.awaitReplyEnd(TIMEOUT);
                call.awaitIdle(TIMEOUT);

                TurnTiming timing = bench.recorder().turn(prompt).orElseThrow();
                assertThat(timing.dynamoInWindow()).as("the history Query precedes the model request").isPositive();
                assertThat(timing.sequentialDynamo()).as("turn %d: DynamoDB requests one after the other, of %s", turn, timing.windowRequests())
                        .isLessThanOrEqualTo(1);
            }
            call.hangup();
        }
    }

}
