package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.openai.Tokenizer;
import dev.switchboard.wsmessage.MessageHandler;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

class BenchPiecesTest {

    private static LocalDynamoDb.RequestRecord request(long from, long to) {
        return new LocalDynamoDb.RequestRecord("GetItem", Json.object(), from, to, 200, "", 0.5);
    }

    @Test
    void countsOverlappingRequestsAsOneRoundTrip() {
        List<LocalDynamoDb.RequestRecord> parallel = List.of(request(0, 10), request(1, 11), request(2, 12));
        List<LocalDynamoDb.RequestRecord> sequential = List.of(request(0, 10), request(10, 20), request(25, 30));
        List<LocalDynamoDb.RequestRecord> mixed = List.of(request(0, 10), request(2, 8), request(12, 20), request(13, 19));

        assertThat(Recorder.longestChain(parallel)).isEqualTo(1);
        assertThat(Recorder.longestChain(sequential)).isEqualTo(3);
        assertThat(Recorder.longestChain(mixed)).isEqualTo(2);
        assertThat(Recorder.longestChain(List.of())).isZero();
    }

    @Test
    void keepsOnlyTheRequestsThatArrivedInTheWindow() {
        List<LocalDynamoDb.RequestRecord> all = List.of(request(0, 10), request(15, 20), request(30, 40));

        assertThat(Recorder.within(all, 5, 30)).extracting(LocalDynamoDb.RequestRecord::receivedNanos)
                .containsExactly(15L, 30L);
    }

    @Test
    void describesARequestByOperationAndItemKind() {
        LocalDynamoDb.RequestRecord query = new LocalDynamoDb.RequestRecord("Query", Json.read(
                "{\"KeyConditionExpression\":\"pk = :pk\",\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"CONN#abc=\"}}}"),
                0, 1, 200, "", 1);
        LocalDynamoDb.RequestRecord get = new LocalDynamoDb.RequestRecord("GetItem", Json.read(
                "{\"Key\":{\"pk\":{\"S\":\"USECASE#restaurant\"},\"sk\":{\"S\":\"CONFIG\"}}}"), 0, 1, 200, "", 1);

        assertThat(Recorder.describe(query)).isEqualTo("Query CONN#");
        assertThat(Recorder.describe(get)).isEqualTo("GetItem USECASE#");
    }

    @Test
    void findsTheTokenThatCompletesTheFirstWord() {
        assertThat(Recorder.firstWordCompletedBy(List.of("Sure", ",", " here", " is"))).isEqualTo(OptionalInt.of(2));
        assertThat(Recorder.firstWordCompletedBy(List.of("Hi", " there"))).isEqualTo(OptionalInt.of(1));
        assertThat(Recorder.firstWordCompletedBy(List.of(" ", "Hi ", "you"))).isEqualTo(OptionalInt.of(1));
        assertThat(Recorder.firstWordCompletedBy(List.of("One"))).isEmpty();
    }

    @Test
    void timesAStalledTurnFromThePromptToItsFirstAndNextTextFrames() {
        Recorder recorder = new Recorder();
        recorder.frameReceived("c1", "{\"type\":\"prompt\",\"voicePrompt\":\"stall bench turn 0\",\"last\":true}");
        recorder.frameSent("c2", "{\"type\":\"text\",\"token\":\"another call\",\"last\":true}");
        recorder.frameSent("c1", "{\"type\":\"text\",\"token\":\"One moment, please.\",\"last\":true}");
        recorder.frameSent("c1", "{\"type\":\"text\",\"token\":\"Sorry.\",\"last\":false}");

        Benchmark.StallTrial trial = Benchmark.stallTrial(recorder, "c1", "stall bench turn 0").orElseThrow();

        assertThat(trial.firstText()).isEqualTo("One moment, please.");
        assertThat(trial.nextTextMs()).isPresent();
        assertThat(trial.nextTextMs().get()).isGreaterThanOrEqualTo(trial.firstTextMs());
        assertThat(Benchmark.stallTrial(recorder, "c1", "never said")).isEmpty();
    }

    @Test
    void takesNearestRankPercentiles() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            values.add((double) i);
        }
        Report.Stats stats = Report.Stats.of(values);

        assertThat(stats.p50()).isEqualTo(10);
        assertThat(stats.p95()).isEqualTo(19);
        assertThat(stats.max()).isEqualTo(20);
        assertThat(Report.Stats.of(List.of()).empty()).isTrue();
        assertThat(Report.Stats.of(List.of(7.0)).p95()).isEqualTo(7);
    }

    @Test
    void theBenchReplyIsAHundredTokens() {
        assertThat(Tokenizer.tokenize(BenchStack.REPLY)).hasSize(100);
        assertThat(BenchStack.prompt("x", 3)).contains(BenchStack.KEYWORD);
    }

    @Test
    void pricesEachItemAndDividesByTheAssumedCallLength() {
        CostEstimate estimate = new CostEstimate(10, 30, 2, Map.of("WsMessageFunction", new double[] {10, 20.0, 1024}),
                100, 40, 8, 1_000_000, 120);

        assertThat(estimate.gbSeconds()).isEqualTo(20.0);
        assertThat(estimate.lambdaRequests()).isEqualTo(10);
        double expected = 40 * 1e-6 + 2 * 0.25e-6 + 2 * 1e-6 + 20 * 0.0000166667 + 10 * 0.2e-6 + 100 * 0.125e-6
                + 40 * 0.625e-6 + 8 * 0.000025 + 0.001 * 0.5;
        assertThat(estimate.total()).isCloseTo(expected, within(1e-12));
        assertThat(estimate.perCallMinute()).isCloseTo(expected / 2, within(1e-12));
    }

    @Test
    void theMessageHandlerKeepsItsPrimingInAFieldTheColdStartProbeCanRun() {
        List<Field> resources = Stream.of(MessageHandler.class.getDeclaredFields())
                .filter(f -> Resource.class.isAssignableFrom(f.getType())).toList();

        assertThat(resources).as("CRaC resources MessageHandler keeps (the probe runs their hooks)").isNotEmpty();
    }

    @Test
    void theFreshJvmFindsTheProbeBesideTheBenchmarksClasses() {
        assertThat(ColdStart.probeClassPath().resolve("dev/switchboard/bench/coldstart/ColdStartProbe.class")).isRegularFile();
    }
}
