package dev.switchboard.bench;

import dev.switchboard.bench.Recorder.TurnTiming;
import dev.switchboard.local.caller.ConversationFile;
import dev.switchboard.local.caller.ConversationRunner;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.config.ConfigFiles;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** Runs the parts of the benchmark against one local stack; every loop is bounded in count and in time. */
final class Benchmark {

    /** Turns on one call, one after another, each waited out (reply ended, nothing running) before the next. */
    record Sequential(Duration latency, List<TurnTiming> turns, Optional<String> failure) {
    }

    /** {@code text} frames written after the interrupt frame arrived; the model's tokens sent of planned. */
    record InterruptTrial(int textFramesAfter, int modelTokensSent, int modelTokensPlanned) {
    }

    /** Prompt → first {@code text} frame (and what it said), and → the next one (the apology), against a stall. */
    record StallTrial(double firstTextMs, String firstText, Optional<Double> nextTextMs) {
    }

    record Concurrency(int calls, Duration firstToken, Duration tokenPace, int turnsCompleted, double seconds,
                       List<TurnTiming> turns, List<String> failures) {
        double turnsPerSecond() {
            return seconds <= 0 ? 0 : turnsCompleted / seconds;
        }
    }

    record Cost(CostEstimate estimate, int steps, boolean conversationPassed, List<String> problems) {
    }

    record Results(BenchSettings settings, Optional<Sequential> latency, Optional<Sequential> baseline,
                   Optional<Sequential> slowDynamo, List<InterruptTrial> interrupts, List<StallTrial> stalls,
                   List<Concurrency> concurrency, Optional<Cost> cost, List<ColdStart.Run> coldStarts,
                   String coldStartSetup, Optional<ArtifactSizes.Result> sizes) {
    }

    /** Longer than everything else between the prompt and the model request: elapsed / latency counts the trips. */
    static final Duration SLOW_DYNAMO = Duration.ofMillis(150);
    static final int SLOW_DYNAMO_TURNS = 4;
    static final int WARM_UP_TURNS = 3;
    /** One exchange (the caller speaks, the reply is spoken) on a real call. */
    static final Duration ASSUMED_EXCHANGE = Duration.ofSeconds(15);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final String FROM = "+14155550142";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem");

    private final BenchSettings settings;
    private final Path root;
    private final PrintStream progress;
    private final LongSupplier logBytes;

    Benchmark(BenchSettings settings, Path root, PrintStream progress, LongSupplier logBytes) {
        this.settings = settings;
        this.root = root;
        this.progress = progress;
        this.logBytes = logBytes;
    }

    Results run() throws InterruptedException {
        Optional<Sequential> latency = Optional.empty();
        Optional<Sequential> baseline = Optional.empty();
        Optional<Sequential> slow = Optional.empty();
        List<InterruptTrial> interrupts = List.of();
        List<StallTrial> stalls = List.of();
        List<Concurrency> concurrency = new ArrayList<>();
        Optional<Cost> cost = Optional.empty();
        List<ColdStart.Run> coldStarts = List.of();
        String coldStartSetup = "skipped";
        if (BenchSettings.PARTS.stream().anyMatch(p -> !p.equals("sizes") && settings.runs(p))) {
            progress.println("Starting the local stack (scripted model, every function timed)...");
            try (BenchStack bench = BenchStack.start(root)) {
                String to = numberOf(root, "restaurant");
                bench.modelPace(settings.firstToken(), settings.tokenPace());
                if (settings.runs("latency")) {
                    progress.printf("Latency: %d warm-up turns, %d at %d ms per DynamoDB request, %d at 0, %d at %d ms%n",
                            WARM_UP_TURNS, settings.turns(), settings.dynamoLatency().toMillis(),
                            settings.baselineTurns(), SLOW_DYNAMO_TURNS, SLOW_DYNAMO.toMillis());
                    sequential(bench, to, "warmup", WARM_UP_TURNS, settings.dynamoLatency());
                    latency = Optional.of(sequential(bench, to, "latency", settings.turns(), settings.dynamoLatency()));
                    baseline = Optional.of(sequential(bench, to, "baseline", settings.baselineTurns(), Duration.ZERO));
                    slow = Optional.of(sequential(bench, to, "roundtrips", SLOW_DYNAMO_TURNS, SLOW_DYNAMO));
                }
                bench.dynamoLatency(settings.dynamoLatency());
                if (settings.runs("interrupts")) {
                    progress.printf("Interrupts: %d trials%n", settings.interrupts());
                    interrupts = interrupts(bench, to);
                }
                if (settings.runs("stall")) {
                    progress.printf("Stalled model: %d turns%n", settings.stalls());
                    bench.modelPace(BenchSettings.STALL, settings.tokenPace());
                    stalls = stalls(bench, to);
                }
                if (settings.runs("concurrency")) {
                    progress.printf("Concurrency: %d calls x %d turns%n", settings.calls(), settings.callTurns());
                    concurrency.add(concurrency(bench, to, "concurrent", settings.firstToken(), settings.tokenPace()));
                    concurrency.add(concurrency(bench, to, "saturated", Duration.ZERO, Duration.ZERO));
                }
                bench.modelPace(settings.firstToken(), settings.tokenPace());
                if (settings.runs("cost")) {
                    progress.println("Cost: the restaurant conversation file");
                    cost = Optional.of(cost(bench));
                }
                if (settings.runs("coldstart")) {
                    ColdStart coldStart = new ColdStart(bench, to, progress);
                    Optional<String> missing = coldStart.missingArtifacts();
                    coldStartSetup = missing.orElse(coldStart.setup() + "; model pace 0; "
                            + settings.dynamoLatency().toMillis() + " ms per DynamoDB request");
                    if (missing.isEmpty()) {
                        bench.modelPace(Duration.ZERO, Duration.ZERO);
                        coldStarts = coldStart.measure(settings.coldStarts());
                    }
                }
            }
        }
        Optional<ArtifactSizes.Result> sizes = settings.runs("sizes") ? Optional.of(ArtifactSizes.measure(root))
                : Optional.empty();
        return new Results(settings, latency, baseline, slow, interrupts, stalls, concurrency, cost, coldStarts,
                coldStartSetup, sizes);
    }

    private Sequential sequential(BenchStack bench, String to, String label, int turns, Duration latency)
            throws InterruptedException {
        bench.dynamoLatency(latency);
        List<TurnTiming> timings = new ArrayList<>();
        Optional<String> failure = onCalls(bench, to, label, turns, false, (call, prompt) -> {
            call.say(prompt);
            call.awaitReplyEnd(REPLY_TIMEOUT);
            call.awaitIdle(IDLE_TIMEOUT);
            bench.recorder().turn(prompt).ifPresent(timings::add);
        });
        return new Sequential(latency, timings, failure);
    }

    /** The caller barges in 300 ms after the first words of each reply; stops at the first failed call. */
    private List<InterruptTrial> interrupts(BenchStack bench, String to) throws InterruptedException {
        List<InterruptTrial> trials = new ArrayList<>();
        onCalls(bench, to, "interrupt", settings.interrupts(), false, (call, prompt) -> {
            call.say(prompt);
            StringBuilder heard = new StringBuilder(call.awaitFirstText(REPLY_TIMEOUT).token());
            call.collect(Duration.ofMillis(300), heard);
            call.interrupt(heard.toString(), 900);
            call.awaitIdle(IDLE_TIMEOUT);
            call.collect(Duration.ofMillis(300), new StringBuilder());
            trials.add(trial(bench.recorder(), call.connectionId(), prompt));
        }).ifPresent(failure -> progress.println("  stopped: " + failure));
        return trials;
    }

    private interface Turn {
        void run(BenchCall call, String prompt) throws BenchCall.CallFailed, InterruptedException;
    }

    /** Up to {@code turns} turns in the phase limit, on one call or a call each; why the first failed call stopped. */
    private Optional<String> onCalls(BenchStack bench, String to, String label, int turns, boolean callEach, Turn turn)
            throws InterruptedException {
        long deadline = System.nanoTime() + settings.phaseLimit().toNanos();
        for (int c = 0, i = 0; callEach ? c < turns && System.nanoTime() < deadline : c < 1; c++) {
            try (BenchCall call = new BenchCall(bench, to, FROM)) {
                call.open(OPEN_TIMEOUT);
                for (int end = callEach ? i + 1 : turns; i < end && (callEach || System.nanoTime() < deadline); i++) {
                    turn.run(call, BenchStack.prompt(label + "-" + call.callSid(), i));
                }
                call.hangup();
            } catch (BenchCall.CallFailed e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    static InterruptTrial trial(Recorder recorder, String connectionId, String prompt) {
        long promptAt = recorder.prompt(prompt).map(Recorder.FrameIn::nanos).orElse(Long.MAX_VALUE);
        long interruptAt = recorder.framesIn(connectionId).stream()
                .filter(f -> f.type().equals("interrupt") && f.nanos() > promptAt)
                .mapToLong(Recorder.FrameIn::nanos).min().orElse(Long.MAX_VALUE);
        int after = (int) recorder.framesOut(connectionId).stream()
                .filter(f -> f.type().equals("text") && f.nanos() > interruptAt).count();
        Optional<Recorder.ModelCall> model = recorder.firstModelCall(prompt);
        return new InterruptTrial(after, model.map(Recorder.ModelCall::tokensSent).orElse(0),
                model.map(m -> m.plannedTokens).orElse(0));
    }

    /** Each trial on a call of its own (two failed turns in a row hand off): prompt, filler, then the apology. */
    private List<StallTrial> stalls(BenchStack bench, String to) throws InterruptedException {
        List<StallTrial> trials = new ArrayList<>();
        onCalls(bench, to, "stall", settings.stalls(), true, (call, prompt) -> {
            call.say(prompt);
            call.awaitReplyEnd(REPLY_TIMEOUT);
            call.awaitReplyEnd(REPLY_TIMEOUT);
            call.awaitIdle(REPLY_TIMEOUT);
            stallTrial(bench.recorder(), call.connectionId(), prompt).ifPresent(trials::add);
        }).ifPresent(failure -> progress.println("  stopped: " + failure));
        return trials;
    }

    static Optional<StallTrial> stallTrial(Recorder recorder, String connectionId, String prompt) {
        long at = recorder.prompt(prompt).map(Recorder.FrameIn::nanos).orElse(Long.MAX_VALUE);
        List<Recorder.FrameOut> texts = recorder.framesOut(connectionId).stream()
                .filter(f -> f.type().equals("text") && f.nanos() > at).toList();
        if (texts.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> next = texts.size() > 1 ? Optional.of((texts.get(1).nanos() - at) / 1e6) : Optional.empty();
        return Optional.of(new StallTrial((texts.getFirst().nanos() - at) / 1e6, texts.getFirst().token(), next));
    }

    /** Every call opens first; then each sends its next prompt as soon as the previous reply's last frame arrives. */
    private Concurrency concurrency(BenchStack bench, String to, String label, Duration firstToken, Duration tokenPace)
            throws InterruptedException {
        bench.modelPace(firstToken, tokenPace);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        AtomicLong lastEnd = new AtomicLong();
        List<BenchCall> calls = IntStream.range(0, settings.calls())
                .mapToObj(c -> new BenchCall(bench, to, "+1415555%04d".formatted(c))).toList();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> opening = executor.invokeAll(calls.stream().map(call -> (Callable<Object>) () -> {
                call.open(OPEN_TIMEOUT);
                return call;
            }).toList(), OPEN_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            List<BenchCall> open = IntStream.range(0, calls.size()).filter(c -> outcome(opening.get(c), failures))
                    .mapToObj(calls::get).toList();
            long start = System.nanoTime();
            long deadline = start + settings.phaseLimit().toNanos();
            List<Future<Object>> talking = executor.invokeAll(open.stream().map(call -> (Callable<Object>) () -> {
                for (int t = 0; t < settings.callTurns() && System.nanoTime() < deadline; t++) {
                    String prompt = BenchStack.prompt(label + "-" + call.callSid(), t);
                    call.say(prompt);
                    call.awaitReplyEnd(REPLY_TIMEOUT);
                    completed.add(prompt);
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
                return call;
            }).toList(), settings.phaseLimit().plus(REPLY_TIMEOUT).toNanos(), TimeUnit.NANOSECONDS);
            talking.forEach(task -> outcome(task, failures));
            double seconds = (Math.max(lastEnd.get(), start) - start) / 1e9;
            Thread.sleep(500);
            List<TurnTiming> timings = new ArrayList<>();
            List.copyOf(completed).forEach(prompt -> bench.recorder().turn(prompt).ifPresent(timings::add));
            calls.forEach(call -> executor.submit(() -> {
                call.hangup();
                call.close();
            }));
            return new Concurrency(calls.size(), firstToken, tokenPace, completed.size(), seconds, timings,
                    List.copyOf(failures));
        }
    }

    private static boolean outcome(Future<Object> task, List<String> failures) {
        try {
            task.get();
            return true;
        } catch (ExecutionException e) {
            failures.add(e.getCause().getMessage());
        } catch (CancellationException | InterruptedException e) {
            failures.add("did not finish in time");
        }
        return false;
    }

    /** The restaurant conversation file against the stack, and what it used, counted. */
    private Cost cost(BenchStack bench) throws InterruptedException {
        ConversationFile conversation = ConversationFile.read(root.resolve("local/conversations/restaurant-order.yaml"));
        String to = conversation.to().orElse(numberOf(root, conversation.useCase().orElse("restaurant")));
        Map<String, Long> before = bench.stack().monitor().counters();
        long logsBefore = logBytes.getAsLong();
        long start = System.nanoTime();
        SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(bench.stack().voiceWebhookUrl(),
                bench.stack().authToken(), conversation.from().orElse(FROM), to));
        ConversationRunner.Result result = new ConversationRunner(new PrintStream(OutputStream.nullOutputStream()))
                .run(conversation, caller);
        long idleBy = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        while (bench.stack().monitor().busy(caller.callSid()) && System.nanoTime() < idleBy) {
            Thread.sleep(10);
        }
        Thread.sleep(500);
        long end = System.nanoTime();
        Map<String, Long> after = bench.stack().monitor().counters();

        Map<String, double[]> byFunction = new TreeMap<>();
        for (Recorder.Invocation invocation : bench.recorder().invocations()) {
            if (invocation.startNanos() >= start && invocation.startNanos() <= end) {
                double[] v = byFunction.computeIfAbsent(invocation.functionId(), k -> new double[3]);
                v[0]++;
                v[1] += Math.ceil((invocation.endNanos() - invocation.startNanos()) / 1e6) / 1000.0;
                v[2] = invocation.memoryMb();
            }
        }
        List<LocalDynamoDb.RequestRecord> requests = Recorder.within(bench.recorder().dynamoRequests(), start, end);
        double reads = requests.stream().filter(r -> !WRITES.contains(r.operation()))
                .mapToDouble(LocalDynamoDb.RequestRecord::capacityUnits).sum();
        double writes = requests.stream().mapToDouble(r -> (WRITES.contains(r.operation()) ? r.capacityUnits() : 0)
                + (r.errorType().equals("ConditionalCheckFailedException") ? 1 : 0)).sum();
        int exchanges = conversation.steps().size() + 1;
        CostEstimate estimate = new CostEstimate(delta(before, after, "ws.framesIn"::equals),
                delta(before, after, "ws.framesOut"::equals),
                delta(before, after, k -> k.startsWith("http.") && !k.equals("http.errors") && !k.equals("http.notFound")),
                byFunction, reads, writes, delta(before, after, "sfn.transitions"::equals),
                logBytes.getAsLong() - logsBefore, exchanges * ASSUMED_EXCHANGE.toSeconds());
        return new Cost(estimate, conversation.steps().size(), result.ok(), result.failures());
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, Predicate<String> keys) {
        return after.entrySet().stream().filter(e -> keys.test(e.getKey()))
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    /** The first number the use case's config claims. */
    static String numberOf(Path root, String useCaseId) {
        return ConfigFiles.load(root.resolve("configs")).useCases().stream()
                .filter(u -> u.id().equals(useCaseId) && !u.numbers().isEmpty()).map(u -> u.numbers().getFirst())
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "no number routes to the use case '" + useCaseId + "' in configs/"));
    }
}
