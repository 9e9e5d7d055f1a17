package dev.switchboard.bench;

import dev.switchboard.bench.Recorder.TurnTiming;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.stack.RepoRoot;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structural figures of the benchmark, on the real handlers behind the local stack with the scripted model: how
 * many {@code text} posts a 100-token reply takes, what is posted after an interrupt, and that the capacity the
 * cost estimate needs is metered. Counts only, never a wall-clock time.
 */
class PromptPathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String FROM = "+14155550160";

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
    void postsAHundredTokenReplyInAtMostTwelveTextFrames() throws Exception {
        bench.modelPace(Duration.ZERO, Duration.ZERO);
        try (BenchCall call = new BenchCall(bench, restaurant, FROM)) {
            call.open(TIMEOUT);
            String prompt = BenchStack.prompt("posts-" + call.callSid(), 0);
            call.say(prompt);
            String heard = call.awaitReplyEnd(TIMEOUT);
            call.awaitIdle(TIMEOUT);

            TurnTiming timing = bench.recorder().turn(prompt).orElseThrow();
            assertThat(timing.modelTokens()).isEqualTo(100);
            assertThat(heard).isEqualTo(BenchStack.REPLY);
            assertThat(timing.finished()).isTrue();
            assertThat(timing.textPosts()).isBetween(2, 12);
            call.hangup();
        }
    }

    @Test
    void postsNothingAfterAnInterruptBeyondTheChunkInFlight() throws Exception {
        bench.modelPace(Duration.ZERO, Duration.ofMillis(40));
        try (BenchCall call = new BenchCall(bench, restaurant, FROM)) {
            call.open(TIMEOUT);
            String prompt = BenchStack.prompt("interrupt-" + call.callSid(), 0);
            call.say(prompt);
            StringBuilder heard = new StringBuilder(call.awaitFirstText(TIMEOUT).token());
            call.interrupt(heard.toString(), 300);
            call.awaitIdle(TIMEOUT);
            call.collect(Duration.ofMillis(200), heard);

            Benchmark.InterruptTrial trial = Benchmark.trial(bench.recorder(), call.connectionId(), prompt);
            assertThat(trial.textFramesAfter()).as("text frames after the interrupt arrived").isLessThanOrEqualTo(1);
            assertThat(trial.modelTokensSent()).as("the model stream was closed").isLessThan(trial.modelTokensPlanned());
            assertThat(bench.recorder().framesOut(call.connectionId())).noneMatch(Recorder.FrameOut::last);
            call.hangup();
        }
    }

    @Test
    void metersTheCapacityOfEveryRequestTheHandlersMake() throws Exception {
        bench.modelPace(Duration.ZERO, Duration.ZERO);
        try (BenchCall call = new BenchCall(bench, restaurant, FROM)) {
            call.open(TIMEOUT);
            String prompt = BenchStack.prompt("capacity-" + call.callSid(), 0);
            call.say(prompt);
            call.awaitReplyEnd(TIMEOUT);
            call.awaitIdle(TIMEOUT);

            List<LocalDynamoDb.RequestRecord> requests = bench.recorder().dynamoRequests();
            assertThat(requests).filteredOn(r -> r.operation().equals("Query")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.capacityUnits()).isPositive());
            assertThat(requests).filteredOn(r -> r.operation().equals("PutItem") && r.status() == 200).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.capacityUnits()).isPositive());
            call.hangup();
        }
    }
}
