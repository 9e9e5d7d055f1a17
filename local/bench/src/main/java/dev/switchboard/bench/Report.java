package dev.switchboard.bench;

import dev.switchboard.bench.Recorder.TurnTiming;
import dev.switchboard.testkit.openai.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The benchmark's table as Markdown, rows 1-10 of docs/performance, then the cost items. */
final class Report {

    record Row(String figure, String target, String measured, String verdict) {
    }

    /** Nearest-rank percentiles of a set of measurements (milliseconds, counts); count 0 when nothing was measured. */
    record Stats(int count, double min, double p50, double p95, double max) {

        static Stats of(List<Double> values) {
            if (values.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            List<Double> sorted = values.stream().sorted().toList();
            return new Stats(sorted.size(), sorted.getFirst(), rank(sorted, 0.50), rank(sorted, 0.95), sorted.getLast());
        }

        private static double rank(List<Double> sorted, double q) {
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }

        boolean empty() {
            return count == 0;
        }

        String p50p95(String unit) {
            return empty() ? "not measured" : "%.1f / %.1f %s".formatted(p50, p95, unit);
        }
    }

    private static final Set<String> CONVERSATION_FUNCTIONS = Set.of("TwimlFunction", "ConnectActionFunction",
            "WsConnectFunction", "WsDisconnectFunction", "WsMessageFunction", "ToolContinuationFunction");

    private final Benchmark.Results results;

    Report(Benchmark.Results results) {
        this.results = results;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        BenchSettings s = results.settings();
        long injected = s.dynamoLatency().toMillis();
        results.latency().ifPresentOrElse(latency -> {
            rows.add(roundTrips(latency));
            Stats added = stats(latency.turns(), TurnTiming::promptToModelMs);
            rows.add(new Row("Added latency, prompt received → LLM request sent, p50 / p95, %d ms per DynamoDB call"
                    .formatted(injected), "p95 ≤ 15 ms", "%s (%d turns); nothing injected: %s%s".formatted(
                    added.p50p95("ms"), added.count(), results.baseline()
                            .map(b -> stats(b.turns(), TurnTiming::promptToModelMs).p50p95("ms")).orElse("skipped"),
                    latency.failure().map(f -> "; stopped: " + f).orElse("")), verdict(added, 15)));
            Stats word = firstWord(latency.turns());
            rows.add(new Row("First complete word from the LLM → first `text` frame posted, p50 / p95", "p95 ≤ 5 ms",
                    "%s at %d ms per DynamoDB call; nothing injected: %s".formatted(word.p50p95("ms"), injected,
                            results.baseline().map(b -> firstWord(b.turns()).p50p95("ms")).orElse("skipped")),
                    verdict(word, 5)));
            Stats posts = stats(latency.turns(), t -> (double) t.textPosts());
            int tokens = latency.turns().stream().mapToInt(TurnTiming::modelTokens).max().orElse(0);
            rows.add(new Row("`text` posts per reply, %d-token reply".formatted(tokens), "≤ 12", posts.empty()
                    ? "not measured" : "median %.0f, max %.0f (%d replies at %d ms/token)".formatted(posts.p50(),
                    posts.max(), posts.count(), s.tokenPace().toMillis()), posts.empty() ? "not measured"
                    : posts.max() <= 12 ? "met" : "missed"));
        }, () -> List.of("DynamoDB round trips", "Added latency", "First word → first post", "Posts per reply")
                .forEach(figure -> rows.add(new Row(figure, "", "skipped", ""))));

        List<Benchmark.InterruptTrial> trials = results.interrupts();
        int beyond = trials.stream().mapToInt(t -> Math.max(0, t.textFramesAfter() - 1)).max().orElse(-1);
        rows.add(new Row("Frames posted after an interrupt, beyond the chunk in flight", "0", trials.isEmpty()
                ? skippedOr("interrupts") : ("%d (max over %d trials; %d had no `text` frame after the interrupt"
                + " arrived; model tokens sent of planned: %s)").formatted(beyond, trials.size(),
                trials.stream().filter(t -> t.textFramesAfter() == 0).count(), trials.stream()
                        .map(t -> t.modelTokensSent() + "/" + t.modelTokensPlanned()).collect(Collectors.joining(", "))),
                trials.isEmpty() ? "not measured" : beyond == 0 ? "met" : "missed"));

        Stats first = Stats.of(results.stalls().stream().map(Benchmark.StallTrial::firstTextMs).toList());
        Stats next = Stats.of(results.stalls().stream().flatMap(t -> t.nextTextMs().stream()).toList());
        rows.add(new Row(("Time to first words with a stalled model (takes the request, silent %d s), prompt received"
                + " → first `text` frame").formatted(BenchSettings.STALL.toSeconds()), "p95 ≤ 2.5 s", first.empty()
                ? skippedOr("stall") : "%s (%d turns, each on a new call): \"%s\"; the apology followed at %s".formatted(
                first.p50p95("ms"), first.count(), results.stalls().getFirst().firstText(), next.p50p95("ms")),
                verdict(first, 2500)));

        rows.add(new Row("%d concurrent simulated calls, %d turns each".formatted(s.calls(), s.callTurns()), "report",
                results.concurrency().isEmpty() ? "skipped" : results.concurrency().stream().map(c -> {
                    Stats added = stats(c.turns(), TurnTiming::promptToModelMs);
                    return ("model at %d ms + %d ms/token: %.1f turns/s, added latency p50 %.1f / p95 %.1f ms (%d turns"
                            + " in %.1f s%s)").formatted(c.firstToken().toMillis(), c.tokenPace().toMillis(),
                            c.turnsPerSecond(), added.p50(), added.p95(), c.turnsCompleted(), c.seconds(),
                            c.failures().isEmpty() ? "" : ", %d failure(s): %s".formatted(c.failures().size(),
                                    c.failures().getFirst()));
                }).collect(Collectors.joining("; ")), "report"));

        rows.add(coldStart());

        rows.add(results.sizes().map(sizes -> new Row("Artifact sizes, zipped / unzipped",
                "function + layers ≤ 250 MB unzipped", sizes.artifacts().stream().map(a -> a.exists()
                        ? "%s %s / %s".formatted(a.name(), mb(a.zippedBytes()), mb(a.extractedBytes()))
                        : a.name() + " not packaged").collect(Collectors.joining("; "))
                        + ". Largest function + layers unzipped: %s (%s)".formatted(mb(sizes.largestWithLayers()),
                        sizes.largest()), !sizes.complete() ? "not measured"
                        : sizes.largestWithLayers() <= ArtifactSizes.UNZIPPED_LIMIT ? "met" : "missed"))
                .orElse(new Row("Artifact sizes", "function + layers ≤ 250 MB unzipped", "skipped", "")));

        rows.add(results.cost().map(c -> new Row("Cost per call-minute, us-east-1 list prices", "report",
                ("$%.5f per call-minute ($%.5f for the restaurant conversation: %d steps, %d tool calls, assumed %.1f"
                        + " minutes on a phone)").formatted(c.estimate().perCallMinute(), c.estimate().total(), c.steps(),
                c.estimate().lambdaSeconds().entrySet().stream().filter(f -> !CONVERSATION_FUNCTIONS.contains(f.getKey()))
                        .mapToInt(f -> (int) f.getValue()[0]).sum(), c.estimate().connectionMinutes()), "report"))
                .orElse(new Row("Cost per call-minute", "report", "skipped", "")));
        return rows;
    }

    /** Row 1: the elapsed time at {@link Benchmark#SLOW_DYNAMO} over that latency, backed by the window at 5 ms. */
    private Row roundTrips(Benchmark.Sequential latency) {
        String figure = "Sequential DynamoDB round trips between receiving a `prompt` and sending the LLM request";
        List<TurnTiming> slow = results.slowDynamo().map(Benchmark.Sequential::turns).orElse(List.of());
        if (slow.isEmpty()) {
            return new Row(figure, "≤ 1", "not measured", "not measured");
        }
        long ms = Benchmark.SLOW_DYNAMO.toMillis();
        int trips = slow.stream().mapToInt(t -> (int) (t.promptToModelMs() / ms)).max().orElse(-1);
        Map<String, Integer> seen = new TreeMap<>();
        latency.turns().forEach(t -> t.windowRequests().forEach(r -> seen.merge(r, 1, Integer::sum)));
        int chain = latency.turns().stream().mapToInt(TurnTiming::sequentialDynamo).max().orElse(-1);
        return new Row(figure, "≤ 1", ("%d. With %d ms injected per request, prompt → LLM request took %s ms"
                + " (%d turns) = %d × %d ms + the rest. At %d ms injected, over %d turns the window held %s; longest"
                + " chain of non-overlapping requests %d").formatted(trips, ms, range(slow, TurnTiming::promptToModelMs),
                slow.size(), trips, ms, results.settings().dynamoLatency().toMillis(), latency.turns().size(), seen,
                chain), trips <= 1 ? "met" : "missed");
    }

    private Row coldStart() {
        String figure = "Cold start: fresh JVM, packaged `ws-message` + layer, to its first handled prompt; RSS";
        List<ColdStart.Run> ok = results.coldStarts().stream().filter(r -> r.failure().isEmpty()).toList();
        List<ColdStart.Run> plain = ok.stream().filter(r -> !r.primed()).toList();
        List<ColdStart.Run> primed = ok.stream().filter(ColdStart.Run::primed).toList();
        List<String> failures = results.coldStarts().stream().flatMap(r -> r.failure().stream()).toList();
        if (plain.isEmpty()) {
            return new Row(figure, "report; aim ≤ 1.5 s", failures.isEmpty() ? results.coldStartSetup()
                    : failures.getFirst(), "not measured");
        }
        Stats total = Stats.of(plain.stream().map(ColdStart.Run::launchToHandledMs).toList());
        String measured = "without priming %.0f ms (median of %d: %s), of which init %s ms and the first prompt %s ms"
                .formatted(total.p50(), total.count(), list(plain, ColdStart.Run::launchToHandledMs),
                        range(plain, ColdStart.Run::initMs), range(plain, ColdStart.Run::firstPromptMs));
        if (!primed.isEmpty()) {
            measured += "; with priming the first prompt takes %.0f ms (%s) after init + %s ms of priming (%s)".formatted(
                    Stats.of(primed.stream().map(ColdStart.Run::firstPromptMs).toList()).p50(),
                    list(primed, ColdStart.Run::firstPromptMs), range(primed, ColdStart.Run::primingMs),
                    primed.stream().allMatch(ColdStart.Run::primingRan) ? "the priming logged snapstart.primed"
                            : "PRIMING DID NOT RUN in a run; hooks found: " + primed.getFirst().hooks());
        }
        measured += "; RSS %s MB".formatted(range(ok, r -> r.rssKb() / 1024.0)) + (failures.isEmpty() ? ""
                : "; %d run(s) failed: %s".formatted(failures.size(), failures.getFirst()));
        return new Row(figure, "report; aim ≤ 1.5 s", measured, total.p50() <= 1500 ? "met" : "missed");
    }

    void print(PrintStream out) {
        BenchSettings s = results.settings();
        out.printf("Machine: %d processors, %s memory, CPU %s; JDK %s (%s)%n%n", Runtime.getRuntime().availableProcessors(),
                proc("/proc/meminfo", "MemTotal").map(l -> "%.1f GiB".formatted(Long.parseLong(l.replaceAll("[^0-9]", ""))
                        / 1024.0 / 1024.0)).orElse("unknown"), proc("/proc/cpuinfo", "model name")
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"), Runtime.version(),
                System.getProperty("java.vendor"));
        table(out, List.of("#", "figure", "target", "measured", ""), rows().stream().map(r -> List.of(r.figure(),
                r.target(), r.measured(), r.verdict())).toList(), true);
        out.printf("%nScripted model: %d ms to first token, %d ms between tokens; bench turns get a %d-token reply."
                        + " Cold start JVM: %s.%n", s.firstToken().toMillis(), s.tokenPace().toMillis(),
                Tokenizer.tokenize(BenchStack.REPLY).size(), results.coldStartSetup());
        results.cost().ifPresent(c -> {
            CostEstimate e = c.estimate();
            out.printf("%nCost: the restaurant conversation file (%d steps%s), assumed %d exchanges × %d s = %.1f min%n",
                    c.steps(), c.conversationPassed() ? ", every expectation held" : ", EXPECTATIONS FAILED: " + c.problems(),
                    c.steps() + 1, Benchmark.ASSUMED_EXCHANGE.toSeconds(), e.connectionMinutes());
            List<List<String>> lines = new ArrayList<>(e.lines().stream().map(l -> List.of(l.item(), l.quantity(),
                    "%.6f".formatted(l.dollars()), "%.6f".formatted(l.dollars() / e.connectionMinutes()))).toList());
            lines.add(List.of("**total**", "", "**%.6f**".formatted(e.total()), "**%.6f**".formatted(e.perCallMinute())));
            table(out, List.of("item (per restaurant call)", "quantity", "$ per call", "$ per call-minute"), lines, false);
            out.println("Lambda invocations (count, billed s, MB): " + e.lambdaSeconds().entrySet().stream().map(f ->
                    "%s %d × %.3f s @ %d MB".formatted(f.getKey(), (int) f.getValue()[0], f.getValue()[1],
                            (int) f.getValue()[2])).collect(Collectors.joining("; ")));
        });
    }

    /** A Markdown table; {@code numbered} puts each row's number in the first column. */
    private static void table(PrintStream out, List<String> header, List<List<String>> rows, boolean numbered) {
        out.println("| " + String.join(" | ", header) + " |");
        out.println("|---".repeat(header.size()) + "|");
        for (int i = 0; i < rows.size(); i++) {
            out.println("| " + (numbered ? (i + 1) + " | " : "") + String.join(" | ", rows.get(i)) + " |");
        }
    }

    private static Stats firstWord(List<TurnTiming> turns) {
        return Stats.of(turns.stream().flatMap(t -> t.firstWordToPostMs().stream()).toList());
    }

    private static <T> Stats stats(List<T> items, Function<T, Double> value) {
        return Stats.of(items.stream().map(value).toList());
    }

    private String skippedOr(String part) {
        return results.settings().runs(part) ? "not measured" : "skipped";
    }

    private static String verdict(Stats stats, double p95Target) {
        return stats.empty() ? "not measured" : stats.p95() <= p95Target ? "met" : "missed";
    }

    private static <T> String list(List<T> items, Function<T, Double> value) {
        return items.stream().map(r -> "%.0f".formatted(value.apply(r))).collect(Collectors.joining(", "));
    }

    private static <T> String range(List<T> items, Function<T, Double> value) {
        Stats stats = stats(items, value);
        return "%.0f–%.0f".formatted(stats.min(), stats.max());
    }

    static String mb(long bytes) {
        return "%.1f MB".formatted(bytes / 1_000_000.0);
    }

    private static Optional<String> proc(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
