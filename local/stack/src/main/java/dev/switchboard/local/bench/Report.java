package dev.switchboard.local.bench;

import dev.switchboard.testkit.openai.Tokenizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's table (one row per figure of the Benchmarks issue, with its target and whether the measurement
 * met it) and the details behind each row, as Markdown on standard output.
 */
final class Report {

    /** One row: what, the target, what was measured, and met / missed / report. */
    record Row(String figure, String target, String measured, String verdict) {
    }

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
            Stats added = Stats.of(latency.turns().stream().map(TurnTiming::promptToModelMs).toList());
            String base = results.baseline().map(b -> "; nothing injected: "
                    + Stats.of(b.turns().stream().map(TurnTiming::promptToModelMs).toList()).p50p95("ms")).orElse("");
            rows.add(new Row("Added latency, prompt received → LLM request sent, p50 / p95 (%d ms per DynamoDB call)"
                    .formatted(injected), "p95 ≤ 15 ms", added.p50p95("ms") + " (" + added.count() + " turns" + base + ")",
                    verdict(added, 15)));
            Stats word = Stats.of(latency.turns().stream().flatMap(t -> t.firstWordToPostMs().stream()).toList());
            String wordBase = results.baseline().map(b -> "; nothing injected: "
                    + Stats.of(b.turns().stream().flatMap(t -> t.firstWordToPostMs().stream()).toList()).p50p95("ms"))
                    .orElse("");
            rows.add(new Row("First complete word from the LLM → first `text` frame posted, p50 / p95",
                    "p95 ≤ 5 ms", word.p50p95("ms") + " (%d ms per DynamoDB call%s)".formatted(injected, wordBase),
                    verdict(word, 5)));
            Stats posts = Stats.of(latency.turns().stream().map(t -> (double) t.textPosts()).toList());
            int tokens = latency.turns().stream().mapToInt(TurnTiming::modelTokens).max().orElse(0);
            rows.add(new Row("`text` posts per reply for a %d-token reply".formatted(tokens), "≤ 12",
                    posts.empty() ? "not measured" : "median %.0f, max %.0f (%d ms/token, %d replies)"
                            .formatted(posts.p50(), posts.max(), s.tokenPace().toMillis(), posts.count()),
                    posts.empty() ? "not measured" : posts.max() <= 12 ? "met" : "missed"));
        }, () -> rows.add(new Row("Latency figures (rows 1-4)", "", "skipped", "")));

        results.interrupts().ifPresentOrElse(i -> {
            int beyond = i.trials().stream().mapToInt(Benchmark.InterruptTrial::beyondInFlight).max().orElse(-1);
            long withOne = i.trials().stream().filter(t -> t.textFramesAfter() == 1).count();
            long withNone = i.trials().stream().filter(t -> t.textFramesAfter() == 0).count();
            rows.add(new Row("Frames posted after an interrupt, beyond the chunk already in flight", "0",
                    i.trials().isEmpty() ? "not measured" : "%d (max over %d trials; %d trials had no frame after the interrupt, %d had one)%s"
                            .formatted(beyond, i.trials().size(), withNone, withOne, i.failure().map(f -> "; " + f).orElse("")),
                    i.trials().isEmpty() ? "not measured" : beyond == 0 ? "met" : "missed"));
        }, () -> rows.add(new Row("Frames after an interrupt", "0", "skipped", "")));

        results.stalls().ifPresentOrElse(st -> {
            Stats first = Stats.of(st.trials().stream().map(Benchmark.StallTrial::firstTextMs).toList());
            Stats next = Stats.of(st.trials().stream().flatMap(t -> t.nextTextMs().stream()).toList());
            rows.add(new Row(("Time to first words with a stalled model (takes the request, silent %d s), prompt received"
                    + " → first `text` frame posted, p50 / p95").formatted(st.silence().toSeconds()), "p95 ≤ 2500 ms",
                    first.empty() ? "not measured" : "%s (%d turns, each on a new call; the apology followed at %s)%s"
                            .formatted(first.p50p95("ms"), first.count(), next.p50p95("ms"),
                                    st.failure().map(f -> "; stopped: " + f).orElse("")),
                    verdict(first, 2500)));
        }, () -> rows.add(new Row("Time to first words with a stalled model", "p95 ≤ 2500 ms", "skipped", "")));

        results.concurrency().ifPresentOrElse(c -> {
            StringBuilder measured = new StringBuilder(concurrency(c, injected));
            results.saturation().ifPresent(sat -> measured.append("; ").append(concurrency(sat, injected)));
            rows.add(new Row("Turns/s and p95 added latency with %d concurrent simulated calls".formatted(c.calls()),
                    "report", measured.toString(), "report"));
        }, () -> rows.add(new Row("Concurrent calls", "report", "skipped", "")));

        results.coldStarts().ifPresentOrElse(runs -> {
            Stats plainTotal = Stats.of(runs.stream().filter(r -> !r.primed() && r.failure().isEmpty())
                    .map(ColdStart.Run::launchToHandledMs).toList());
            Stats plainFirst = Stats.of(runs.stream().filter(r -> !r.primed() && r.failure().isEmpty())
                    .map(ColdStart.Run::firstPromptMs).toList());
            List<ColdStart.Run> primedRuns = runs.stream().filter(r -> r.primed() && !r.gcBeforeCheckpoint()
                    && r.failure().isEmpty()).toList();
            Stats primedFirst = Stats.of(primedRuns.stream().map(ColdStart.Run::firstPromptMs).toList());
            Stats primedTotal = Stats.of(primedRuns.stream().map(ColdStart.Run::launchToHandledMs).toList());
            Stats rss = Stats.of(runs.stream().filter(r -> r.failure().isEmpty()).map(r -> r.rssKb() / 1024.0).toList());
            rows.add(new Row("Cold start: fresh JVM, packaged ws-message + layer, to its first handled prompt; RSS",
                    "report; aim ≤ 1.5 s", plainTotal.empty() ? "not measured"
                    : "without priming %.0f ms (median of %d; first prompt %.0f ms of it); with priming the first prompt takes %.0f ms after init + priming (whole run %.0f ms); RSS %.0f MB"
                    .formatted(plainTotal.p50(), plainTotal.count(), plainFirst.p50(), primedFirst.p50(),
                            primedTotal.p50(), rss.p50()),
                    plainTotal.empty() ? "not measured" : plainTotal.p50() <= 1500 ? "met" : "missed"));
        }, () -> rows.add(new Row("Cold start", "report; aim ≤ 1.5 s",
                results.coldStartSkipped().orElse("skipped"), "")));

        results.sizes().ifPresentOrElse(sizes -> {
            StringBuilder m = new StringBuilder();
            for (ArtifactSizes.Artifact a : sizes.artifacts()) {
                if (!m.isEmpty()) {
                    m.append("; ");
                }
                m.append(a.exists() ? "%s %s / %s".formatted(a.name(), mb(a.zippedBytes()), mb(a.extractedBytes()))
                        : a.name() + " not packaged");
            }
            m.append(" (zipped / unzipped); largest function + layers unzipped ").append(mb(sizes.largestWithLayers()));
            rows.add(new Row("Artifact sizes, zipped / unzipped, per function and layer", "function + layers ≤ 250 MB unzipped",
                    m.toString(), !sizes.complete() ? "not measured"
                    : sizes.largestWithLayers() <= ArtifactSizes.UNZIPPED_LIMIT ? "met" : "missed"));
        }, () -> rows.add(new Row("Artifact sizes", "≤ 250 MB", "skipped", "")));

        results.cost().ifPresentOrElse(c -> rows.add(new Row(
                "Cost per call-minute (API Gateway, Lambda, DynamoDB, Step Functions, CloudWatch Logs), us-east-1",
                "report", "$%.5f per call-minute ($%.5f for a %.1f-minute restaurant call with %d tool calls)"
                .formatted(c.estimate().perCallMinute(), c.estimate().total(), c.estimate().connectionMinutes(),
                        c.byFunction().keySet().stream().filter(f -> !isConversationFunction(f))
                                .mapToInt(f -> (int) c.byFunction().get(f)[0]).sum()), "report")),
                () -> rows.add(new Row("Cost per call-minute", "report", "skipped", "")));
        return rows;
    }

    /**
     * Row 1: the trips on the critical path come from the elapsed time at {@link Benchmark#SLOW_DYNAMO} (time / latency,
     * rounded down); what arrived in the window at the normal latency, and the longest chain, back it up.
     */
    private Row roundTrips(Benchmark.Sequential latency) {
        String figure = "Sequential DynamoDB round trips between receiving a `prompt` and sending the LLM request";
        if (results.slowDynamo().isEmpty() || results.slowDynamo().get().turns().isEmpty()) {
            return new Row(figure, "≤ 1", "not measured", "not measured");
        }
        Benchmark.Sequential slow = results.slowDynamo().get();
        long ms = slow.latency().toMillis();
        int trips = slow.turns().stream().mapToInt(t -> (int) (t.promptToModelMs() / ms)).max().orElse(-1);
        Stats elapsed = Stats.of(slow.turns().stream().map(TurnTiming::promptToModelMs).toList());
        Map<String, Integer> seen = new java.util.TreeMap<>();
        latency.turns().forEach(t -> t.windowRequests().forEach(r -> seen.merge(r, 1, Integer::sum)));
        int chain = latency.turns().stream().mapToInt(TurnTiming::sequentialDynamo).max().orElse(-1);
        String measured = ("%d (with %d ms injected per request, prompt → LLM request took %.0f–%.0f ms over %d turns,"
                + " i.e. %d × %d ms + the rest; at %d ms injected, the requests that arrived in that window over %d turns:"
                + " %s; longest chain of non-overlapping ones %d)").formatted(trips, ms,
                slow.turns().stream().mapToDouble(TurnTiming::promptToModelMs).min().orElse(0), elapsed.max(),
                slow.turns().size(), trips, ms, results.settings().dynamoLatency().toMillis(), latency.turns().size(),
                seen, chain);
        return new Row(figure, "≤ 1", measured, trips <= 1 ? "met" : "missed");
    }

    void print(PrintStream out) {
        BenchSettings s = results.settings();
        out.println("| # | figure | target | measured | |");
        out.println("|---|---|---|---|---|");
        int n = 1;
        for (Row row : rows()) {
            out.printf("| %d | %s | %s | %s | %s |%n", n++, row.figure(), row.target(), row.measured(), row.verdict());
        }
        out.println();
        out.printf("Scripted model: %d ms to first token, %d ms between tokens; bench turns get a %d-token reply.%n",
                s.firstToken().toMillis(), s.tokenPace().toMillis(), Tokenizer.tokenize(BenchScript.REPLY).size());
        details(out);
    }

    private void details(PrintStream out) {
        results.latency().ifPresent(l -> {
            out.println();
            out.println("Latency turns (" + l.latency().toMillis() + " ms per DynamoDB request, after "
                    + Benchmark.WARM_UP_TURNS + " warm-up turns on another call): "
                    + l.turns().size() + " of " + l.requested() + l.failure().map(f -> "; stopped: " + f).orElse(""));
            Stats window = Stats.of(l.turns().stream().map(t -> (double) t.dynamoInWindow()).toList());
            Stats body = Stats.of(l.turns().stream().map(t -> (double) t.modelRequestBytes()).toList());
            out.printf("  Model request bodies: median %.0f bytes, max %.0f%n", body.p50(), body.max());
            out.printf("  DynamoDB requests between prompt and LLM request: median %.0f, max %.0f%n", window.p50(), window.max());
            out.println("  The last turn, from the prompt frame's arrival at the gateway:");
            out.println("  ```");
            l.lastTimeline().forEach(line -> out.println("  " + line));
            out.println("  ```");
        });
        results.slowDynamo().ifPresent(sd -> {
            out.println("Round-trip check: " + sd.turns().size() + " turns at " + sd.latency().toMillis()
                    + " ms per DynamoDB request, prompt → LLM request "
                    + Stats.of(sd.turns().stream().map(TurnTiming::promptToModelMs).toList()).p50p95("ms")
                    + "; its last turn:");
            out.println("  ```");
            sd.lastTimeline().stream().limit(6).forEach(line -> out.println("  " + line));
            out.println("  ```");
        });
        if (!results.modelClient().isEmpty()) {
            out.println();
            out.println("Model request send time (openai-java createStreaming → the server has read the body), "
                    + "p50 / p95 of 20:");
            results.modelClient().forEach(c -> out.printf("  %-30s %6d-byte body: %s%n", c.client(), c.bodyBytes(),
                    c.sendMs().p50p95("ms")));
        }
        results.interrupts().ifPresent(i -> {
            out.println();
            out.print("Interrupt trials (text frames after the interrupt arrived / model tokens sent of planned):");
            i.trials().forEach(t -> out.printf(" %d/%d of %d;", t.textFramesAfter(), t.modelTokensSent(), t.modelTokensPlanned()));
            out.println();
        });
        results.stalls().ifPresent(st -> {
            out.println();
            out.print("Stalled-model turns (first text frame after the prompt, what it said; the next text frame):");
            st.trials().forEach(t -> out.printf(" %.0f ms \"%s\", then %s;", t.firstTextMs(), t.firstText(),
                    t.nextTextMs().map(ms -> "%.0f ms".formatted(ms)).orElse("nothing")));
            out.println();
        });
        java.util.stream.Stream.of(results.concurrency(), results.saturation()).flatMap(java.util.Optional::stream).forEach(c -> {
            out.println();
            Stats word = Stats.of(c.turns().stream().flatMap(t -> t.firstWordToPostMs().stream()).toList());
            out.printf("Concurrency (model %d ms + %d ms/token): %d calls opened of %d, %d turns each, %d turns completed"
                            + " in %.1f s; prompt → LLM request %s; first word → first post %s%n", c.firstToken().toMillis(),
                    c.tokenPace().toMillis(), c.callsOpened(), c.calls(), c.turnsPerCall(),
                    c.turnsCompleted(), c.seconds(),
                    Stats.of(c.turns().stream().map(TurnTiming::promptToModelMs).toList()).p50p95("ms"), word.p50p95("ms"));
            c.failures().stream().limit(5).forEach(f -> out.println("  failure: " + f));
        });
        results.coldStarts().ifPresent(runs -> {
            out.println();
            results.coldStartJvm().ifPresent(j -> out.println("Cold start JVM: " + String.join(" ", j.options())
                    + (j.javaToolOptions().isEmpty() ? "" : ", JAVA_TOOL_OPTIONS=" + j.javaToolOptions()) + ", JDK "
                    + Runtime.version() + "; model pace 0; " + results.settings().dynamoLatency().toMillis()
                    + " ms per DynamoDB request"));
            out.println("| run | priming | JVM boot ms | init ms | priming ms | first prompt ms | start → handled ms | start → first words ms | RSS MB | peak RSS MB | hook ran |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            int i = 1;
            for (ColdStart.Run r : runs) {
                String mode = r.primed() ? (r.gcBeforeCheckpoint() ? "yes, GC first" : "yes") : "no";
                if (r.failure().isPresent()) {
                    out.printf("| %d | %s | failed: %s |||||||||%n", i++, mode, r.failure().get());
                    continue;
                }
                out.printf("| %d | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %s |%n", i++, mode,
                        r.launchToMainMs(), r.initMs(), r.primingMs(), r.firstPromptMs(), r.launchToHandledMs(),
                        r.launchToFirstWords().map(v -> "%.0f".formatted(v)).orElse("-"), r.rssKb() / 1024.0,
                        r.hwmKb() / 1024.0, r.primed() ? (r.primingRan() ? "yes" : "NO (" + r.registered() + " registered)") : "-");
            }
            for (boolean primed : new boolean[] {false, true}) {
                runs.stream().filter(r -> r.primed() == primed && !r.gcBeforeCheckpoint() && r.failure().isEmpty())
                        .reduce((a, b) -> b).ifPresent(r -> {
                            out.println("Timeline of the last run " + (primed ? "with" : "without") + " priming:");
                            out.println("```");
                            r.timeline().forEach(out::println);
                            out.println("```");
                        });
            }
        });
        results.sizes().ifPresent(sizes -> {
            out.println();
            out.println("| artifact | zipped | unzipped |");
            out.println("|---|---|---|");
            sizes.artifacts().forEach(a -> out.printf("| %s%s | %s | %s |%n", a.name(), a.layer() ? " (layer)" : "",
                    a.exists() ? mb(a.zippedBytes()) : "not packaged", a.exists() ? mb(a.extractedBytes()) : "-"));
            sizes.packages().forEach(p -> out.printf("| %s + layers | | %s |%n", p.codeUri(), mb(p.extractedWithLayers())));
        });
        results.cost().ifPresent(c -> {
            out.println();
            out.printf("Cost: the restaurant conversation file (%d steps%s), assumed to last %d exchanges × %d s = %.1f min on a phone%n",
                    c.steps(), c.conversationPassed() ? ", every expectation held" : ", EXPECTATIONS FAILED: " + c.problems(),
                    c.exchanges(), Benchmark.ASSUMED_EXCHANGE.toSeconds(), c.estimate().connectionMinutes());
            out.println("| item | per call | $ per call | $ per call-minute |");
            out.println("|---|---|---|---|");
            for (CostEstimate.Line line : c.estimate().lines()) {
                out.printf("| %s | %s | %.6f | %.6f |%n", line.item(), line.quantity(), line.dollars(),
                        line.dollars() / c.estimate().connectionMinutes());
            }
            out.printf("| total | | %.6f | %.6f |%n", c.estimate().total(), c.estimate().perCallMinute());
            out.print("Lambda invocations (count, billed s, MB):");
            c.byFunction().forEach((f, v) -> out.printf(" %s %d × %.3f s @ %d MB;", f, (int) v[0], v[1], (int) v[2]));
            out.println();
        });
    }

    private static String concurrency(Benchmark.Concurrency c, long injected) {
        Stats added = Stats.of(c.turns().stream().map(TurnTiming::promptToModelMs).toList());
        return ("model %d ms + %d ms/token: %.1f turns/s, added latency p95 %.1f ms (p50 %.1f; %d turns in %.1f s, %d ms"
                + " per DynamoDB call%s)").formatted(c.firstToken().toMillis(), c.tokenPace().toMillis(),
                c.turnsPerSecond(), added.p95(), added.p50(), c.turnsCompleted(), c.seconds(), injected,
                c.failures().isEmpty() ? "" : ", " + c.failures().size() + " failure(s)");
    }

    private static boolean isConversationFunction(String functionId) {
        return java.util.Set.of("TwimlFunction", "ConnectActionFunction", "WsConnectFunction", "WsDisconnectFunction",
                "WsMessageFunction", "ToolContinuationFunction").contains(functionId);
    }

    private static String verdict(Stats stats, double p95Target) {
        return stats.empty() ? "not measured" : stats.p95() <= p95Target ? "met" : "missed";
    }

    static String mb(long bytes) {
        return "%.1f MB".formatted(bytes / 1_000_000.0);
    }
}
