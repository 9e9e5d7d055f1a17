package dev.switchboard.local.bench;

import dev.switchboard.local.caller.ConversationFile;
import dev.switchboard.local.caller.ConversationRunner;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.config.ConfigFiles;
import dev.switchboard.local.config.UseCaseFile;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs the parts of the benchmark against one local stack and collects what each measured. Every loop is bounded
 * in count and in time ({@link BenchSettings#phaseLimit()}); everything listens on 127.0.0.1 only.
 */
final class Benchmark {

    /** Turns on one call, one after another, each waited out (reply ended, nothing running) before the next. */
    record Sequential(Duration latency, int requested, List<TurnTiming> turns, List<String> lastTimeline,
                      Optional<String> failure) {
    }

    /**
     * One interrupt trial.
     *
     * @param textFramesAfter   {@code text} frames written to the caller after the interrupt frame arrived
     * @param modelTokensSent   tokens the model had flushed when its stream ended, of {@code modelTokensPlanned}
     */
    record InterruptTrial(int textFramesAfter, int modelTokensSent, int modelTokensPlanned) {
        int beyondInFlight() {
            return Math.max(0, textFramesAfter - 1);
        }
    }

    record Interrupts(List<InterruptTrial> trials, Optional<String> failure) {
    }

    /**
     * One turn against a model that takes the request and says nothing for {@link BenchSettings#STALL}.
     *
     * @param firstTextMs  prompt frame received by the gateway → the first {@code text} frame written to the caller
     * @param firstText    what that frame said (the filler, if it worked)
     * @param nextTextMs   prompt → the next {@code text} frame after it (the apology at the token timeout), if any
     */
    record StallTrial(double firstTextMs, String firstText, Optional<Double> nextTextMs) {
    }

    record Stalls(Duration silence, List<StallTrial> trials, Optional<String> failure) {
    }

    record Concurrency(int calls, int callsOpened, int turnsPerCall, Duration firstToken, Duration tokenPace,
                       int turnsCompleted, double seconds, List<TurnTiming> turns, List<String> failures) {
        double turnsPerSecond() {
            return seconds <= 0 ? 0 : turnsCompleted / seconds;
        }
    }

    record Cost(CostEstimate estimate, int steps, int exchanges, boolean conversationPassed, List<String> problems,
                Map<String, double[]> byFunction) {
    }

    /** Everything measured; a part that did not run is empty. */
    record Results(BenchSettings settings, Optional<Sequential> latency, Optional<Sequential> baseline,
                   Optional<Sequential> slowDynamo, List<ModelClientCheck.Case> modelClient,
                   Optional<Interrupts> interrupts, Optional<Stalls> stalls, Optional<Concurrency> concurrency,
                   Optional<Concurrency> saturation,
                   Optional<Cost> cost, Optional<List<ColdStart.Run>> coldStarts, Optional<ColdStart.Jvm> coldStartJvm,
                   Optional<String> coldStartSkipped, Optional<ArtifactSizes.Result> sizes) {
    }

    /**
     * The injected latency that makes sequential round trips stand out from the rest of the work: longer than
     * everything else between the prompt and the model request, so that time divided by it counts the trips.
     */
    static final Duration SLOW_DYNAMO = Duration.ofMillis(150);
    static final int SLOW_DYNAMO_TURNS = 4;
    static final int WARM_UP_TURNS = 3;
    /** How long one exchange (the caller speaks, the agent's reply is spoken) is assumed to take on a real call. */
    static final Duration ASSUMED_EXCHANGE = Duration.ofSeconds(15);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final String FROM = "+14155550142";
    /**
     * DynamoDB bills these operations in write request units and the others (GetItem, Query, ...) in read request
     * units; its ConsumedCapacity gives only the total, CapacityUnits.
     */
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private final BenchSettings settings;
    private final Path root;
    private final PrintStream progress;
    private final LongSupplier logBytes;

    /** {@code logBytes}: how many bytes the handlers have logged so far (for the CloudWatch Logs estimate). */
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
        List<ModelClientCheck.Case> modelClient = List.of();
        Optional<Interrupts> interrupts = Optional.empty();
        Optional<Stalls> stalls = Optional.empty();
        Optional<Concurrency> concurrency = Optional.empty();
        Optional<Concurrency> saturation = Optional.empty();
        Optional<Cost> cost = Optional.empty();
        Optional<List<ColdStart.Run>> coldStarts = Optional.empty();
        Optional<ColdStart.Jvm> jvm = Optional.empty();
        Optional<String> coldStartSkipped = Optional.empty();
        boolean needsStack = settings.runs("latency") || settings.runs("interrupts") || settings.runs("stall")
                || settings.runs("concurrency")
                || settings.runs("cost") || settings.runs("coldstart");
        if (needsStack) {
            progress.println("Starting the local stack (scripted model, every function timed)...");
            try (BenchStack bench = BenchStack.start(root, BenchScript.create(root))) {
                String to = numberOf("restaurant");
                bench.modelPace(settings.firstToken(), settings.tokenPace());
                if (settings.runs("latency")) {
                    progress.println("Warm-up: " + WARM_UP_TURNS + " turns");
                    sequential(bench, to, "warmup", WARM_UP_TURNS, settings.dynamoLatency());
                    progress.printf("Latency: %d turns with %d ms per DynamoDB request%n", settings.turns(),
                            settings.dynamoLatency().toMillis());
                    latency = Optional.of(sequential(bench, to, "latency", settings.turns(), settings.dynamoLatency()));
                    progress.printf("Latency: %d turns with nothing injected%n", settings.baselineTurns());
                    baseline = Optional.of(sequential(bench, to, "baseline", settings.baselineTurns(), Duration.ZERO));
                    progress.printf("Round trips: %d turns with %d ms per DynamoDB request%n", SLOW_DYNAMO_TURNS,
                            SLOW_DYNAMO.toMillis());
                    slow = Optional.of(sequential(bench, to, "roundtrips", SLOW_DYNAMO_TURNS, SLOW_DYNAMO));
                    int body = (int) Stats.of(latency.get().turns().stream()
                            .map(t -> (double) t.modelRequestBytes()).toList()).p50();
                    progress.printf("Model client: openai-java request send time, %d-byte bodies%n", body);
                    modelClient = ModelClientCheck.run(body > 0 ? body : 12_000);
                }
                bench.dynamoLatency(settings.dynamoLatency());
                if (settings.runs("interrupts")) {
                    progress.printf("Interrupts: %d trials%n", settings.interrupts());
                    interrupts = Optional.of(interrupts(bench, to));
                }
                if (settings.runs("stall")) {
                    progress.printf("Stalled model: %d turns, the model silent for %d s after taking the request%n",
                            settings.stalls(), BenchSettings.STALL.toSeconds());
                    bench.modelPace(BenchSettings.STALL, settings.tokenPace());
                    stalls = Optional.of(stalls(bench, to));
                    bench.modelPace(settings.firstToken(), settings.tokenPace());
                }
                if (settings.runs("concurrency")) {
                    progress.printf("Concurrency: %d calls x %d turns%n", settings.calls(), settings.callTurns());
                    concurrency = Optional.of(concurrency(bench, to, "concurrent"));
                    progress.printf("Concurrency: %d calls x %d turns, the model answering at once%n", settings.calls(),
                            settings.callTurns());
                    bench.modelPace(Duration.ZERO, Duration.ZERO);
                    saturation = Optional.of(concurrency(bench, to, "saturated"));
                    bench.modelPace(settings.firstToken(), settings.tokenPace());
                }
                if (settings.runs("cost")) {
                    progress.println("Cost: the restaurant conversation file");
                    cost = cost(bench);
                }
                if (settings.runs("coldstart")) {
                    ColdStart coldStart = new ColdStart(bench, to, progress);
                    coldStartSkipped = coldStart.missingArtifacts();
                    if (coldStartSkipped.isEmpty()) {
                        progress.printf("Cold start: %d fresh JVMs without priming, %d with, 1 with a GC first%n",
                                settings.coldStarts(), settings.coldStarts());
                        bench.modelPace(Duration.ZERO, Duration.ZERO);
                        jvm = Optional.of(coldStart.jvm());
                        coldStarts = Optional.of(coldStart.measure(settings.coldStarts()));
                        bench.modelPace(settings.firstToken(), settings.tokenPace());
                    }
                }
            }
        }
        Optional<ArtifactSizes.Result> sizes = Optional.empty();
        if (settings.runs("sizes")) {
            progress.println("Artifact sizes");
            sizes = Optional.of(ArtifactSizes.measure(root));
        }
        return new Results(settings, latency, baseline, slow, modelClient, interrupts, stalls, concurrency, saturation, cost,
                coldStarts, jvm,
                coldStartSkipped, sizes);
    }

    // ------------------------------------------------------------------------------------------ parts

    private Sequential sequential(BenchStack bench, String to, String label, int turns, Duration latency)
            throws InterruptedException {
        bench.dynamoLatency(latency);
        long deadline = System.nanoTime() + settings.phaseLimit().toNanos();
        List<TurnTiming> timings = new ArrayList<>();
        List<String> timeline = List.of();
        try (BenchCall call = new BenchCall(bench, to, FROM)) {
            call.open(OPEN_TIMEOUT);
            for (int i = 0; i < turns && System.nanoTime() < deadline; i++) {
                String prompt = BenchScript.prompt(label + "-" + call.callSid(), i);
                call.say(prompt);
                call.awaitReplyEnd(REPLY_TIMEOUT);
                call.awaitIdle(IDLE_TIMEOUT);
                bench.recorder().turn(prompt).ifPresent(timings::add);
                timeline = bench.recorder().timeline(prompt);
            }
            call.hangup();
            return new Sequential(latency, turns, timings, timeline, Optional.empty());
        } catch (BenchCall.CallFailed e) {
            return new Sequential(latency, turns, timings, timeline, Optional.of(e.getMessage()));
        }
    }

    private Interrupts interrupts(BenchStack bench, String to) throws InterruptedException {
        long deadline = System.nanoTime() + settings.phaseLimit().toNanos();
        List<InterruptTrial> trials = new ArrayList<>();
        try (BenchCall call = new BenchCall(bench, to, FROM)) {
            call.open(OPEN_TIMEOUT);
            for (int i = 0; i < settings.interrupts() && System.nanoTime() < deadline; i++) {
                String prompt = BenchScript.prompt("interrupt-" + call.callSid(), i);
                call.say(prompt);
                StringBuilder heard = new StringBuilder(call.awaitFirstText(REPLY_TIMEOUT).token());
                call.collect(Duration.ofMillis(300), heard);
                call.interrupt(heard.toString(), 900);
                call.awaitIdle(IDLE_TIMEOUT);
                call.collect(Duration.ofMillis(300), new StringBuilder());
                trials.add(trial(bench, call.connectionId(), prompt));
            }
            call.hangup();
            return new Interrupts(trials, Optional.empty());
        } catch (BenchCall.CallFailed e) {
            return new Interrupts(trials, Optional.of(e.getMessage()));
        }
    }

    /** What the recorder saw for one interrupted prompt on this connection. */
    static InterruptTrial trial(BenchStack bench, String connectionId, String prompt) {
        Recorder recorder = bench.recorder();
        long promptAt = recorder.prompt(prompt).map(Recorder.FrameIn::nanos).orElse(Long.MAX_VALUE);
        long interruptAt = recorder.framesIn(connectionId).stream()
                .filter(f -> f.type().equals("interrupt") && f.nanos() > promptAt)
                .mapToLong(Recorder.FrameIn::nanos).min().orElse(Long.MAX_VALUE);
        int after = (int) recorder.framesOut(connectionId).stream()
                .filter(f -> f.type().equals("text") && f.nanos() > interruptAt).count();
        Optional<Recorder.ModelCall> model = recorder.firstModelCall(prompt);
        return new InterruptTrial(after, model.map(m -> m.tokens.size()).orElse(0),
                model.map(m -> m.plannedTokens).orElse(0));
    }

    /**
     * Each trial on a call of its own (the restaurant hands off after two failed turns in a row): the prompt, the
     * filler (a talk cycle of its own), then the apology when the token timeout gives up on the model.
     */
    private Stalls stalls(BenchStack bench, String to) throws InterruptedException {
        long deadline = System.nanoTime() + settings.phaseLimit().toNanos();
        List<StallTrial> trials = new ArrayList<>();
        for (int i = 0; i < settings.stalls() && System.nanoTime() < deadline; i++) {
            try (BenchCall call = new BenchCall(bench, to, FROM)) {
                call.open(OPEN_TIMEOUT);
                String prompt = BenchScript.prompt("stall-" + call.callSid(), i);
                call.say(prompt);
                call.awaitReplyEnd(REPLY_TIMEOUT);
                call.awaitReplyEnd(REPLY_TIMEOUT);
                call.awaitIdle(REPLY_TIMEOUT);
                stallTrial(bench.recorder(), call.connectionId(), prompt).ifPresent(trials::add);
                call.hangup();
            } catch (BenchCall.CallFailed e) {
                return new Stalls(BenchSettings.STALL, trials, Optional.of(e.getMessage()));
            }
        }
        return new Stalls(BenchSettings.STALL, trials, Optional.empty());
    }

    /** What the recorder saw for one stalled prompt on this connection. */
    static Optional<StallTrial> stallTrial(Recorder recorder, String connectionId, String prompt) {
        Optional<Recorder.FrameIn> in = recorder.prompt(prompt);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        long at = in.get().nanos();
        List<Recorder.FrameOut> texts = recorder.framesOut(connectionId).stream()
                .filter(f -> f.type().equals("text") && f.nanos() > at).toList();
        if (texts.isEmpty()) {
            return Optional.empty();
        }
        Recorder.FrameOut first = texts.getFirst();
        Optional<Double> next = texts.size() > 1 ? Optional.of((texts.get(1).nanos() - at) / 1e6) : Optional.empty();
        return Optional.of(new StallTrial((first.nanos() - at) / 1e6, first.token(), next));
    }

    private Concurrency concurrency(BenchStack bench, String to, String label) throws InterruptedException {
        int n = settings.calls();
        List<BenchCall> calls = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch opened = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong lastEnd = new AtomicLong();
        long limit = settings.phaseLimit().toNanos();
        List<Future<?>> tasks = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < n; c++) {
                BenchCall call = new BenchCall(bench, to, String.format("+1415555%04d", c));
                calls.add(call);
                int index = c;
                tasks.add(executor.submit(() -> {
                    try {
                        call.open(OPEN_TIMEOUT);
                    } catch (BenchCall.CallFailed e) {
                        failures.add("call " + index + ": " + e.getMessage());
                        return null;
                    } finally {
                        opened.countDown();
                    }
                    go.await();
                    long deadline = System.nanoTime() + limit;
                    for (int t = 0; t < settings.callTurns() && System.nanoTime() < deadline; t++) {
                        String prompt = BenchScript.prompt(label + "-" + index + "-" + call.callSid(), t);
                        try {
                            call.say(prompt);
                            call.awaitReplyEnd(REPLY_TIMEOUT);
                            completed.add(prompt);
                            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                        } catch (BenchCall.CallFailed | RuntimeException e) {
                            failures.add("call " + index + " turn " + t + ": " + e.getMessage());
                            break;
                        }
                    }
                    return null;
                }));
            }
            if (!opened.await(OPEN_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                failures.add("not every call opened within " + OPEN_TIMEOUT);
            }
            int callsOpened = n - (int) failures.stream().filter(f -> !f.contains(" turn ")).count();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> task : tasks) {
                try {
                    task.get(limit + REPLY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    task.cancel(true);
                    failures.add("a call did not finish: " + e);
                }
            }
            double seconds = (Math.max(lastEnd.get(), start) - start) / 1e9;
            Thread.sleep(500);
            List<TurnTiming> timings = new ArrayList<>();
            synchronized (completed) {
                for (String prompt : completed) {
                    bench.recorder().turn(prompt).ifPresent(timings::add);
                }
            }
            for (BenchCall call : calls) {
                executor.submit(() -> {
                    call.hangup();
                    call.close();
                });
            }
            return new Concurrency(n, callsOpened, settings.callTurns(), bench.firstToken(), bench.tokenPace(),
                    completed.size(), seconds, timings, List.copyOf(failures));
        }
    }

    private Optional<Cost> cost(BenchStack bench) throws InterruptedException {
        Path file = root.resolve("local/conversations/restaurant-order.yaml");
        if (!Files.isRegularFile(file)) {
            progress.println("  skipped: no " + root.relativize(file));
            return Optional.empty();
        }
        ConversationFile conversation = ConversationFile.read(file);
        String to;
        try {
            to = conversation.to().orElse(numberOf(conversation.useCase().orElse("restaurant")));
        } catch (IllegalStateException e) {
            progress.println("  skipped: " + e.getMessage());
            return Optional.empty();
        }
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
            if (invocation.startNanos() < start || invocation.startNanos() > end) {
                continue;
            }
            double[] v = byFunction.computeIfAbsent(invocation.functionId(), k -> new double[3]);
            v[0]++;
            v[1] += Math.ceil((invocation.endNanos() - invocation.startNanos()) / 1e6) / 1000.0;
            v[2] = invocation.memoryMb();
        }
        double reads = 0;
        double writes = 0;
        for (LocalDynamoDb.RequestRecord r : bench.recorder().dynamoRequests()) {
            if (r.receivedNanos() < start || r.receivedNanos() > end) {
                continue;
            }
            if (WRITES.contains(r.operation())) {
                writes += r.capacityUnits();
            } else {
                reads += r.capacityUnits();
            }
            if (r.errorType().equals("ConditionalCheckFailedException")) {
                writes += 1;
            }
        }
        long http = delta(before, after, k -> k.startsWith("http.") && !k.equals("http.errors") && !k.equals("http.notFound"));
        int exchanges = conversation.steps().size() + 1;
        CostEstimate estimate = new CostEstimate(delta(before, after, "ws.framesIn"::equals),
                delta(before, after, "ws.framesOut"::equals), http, byFunction, reads, writes,
                delta(before, after, "sfn.transitions"::equals), logBytes.getAsLong() - logsBefore,
                exchanges * ASSUMED_EXCHANGE.toSeconds());
        return Optional.of(new Cost(estimate, conversation.steps().size(), exchanges, result.ok(), result.failures(),
                byFunction));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static long delta(Map<String, Long> before, Map<String, Long> after, java.util.function.Predicate<String> keys) {
        long total = 0;
        for (var e : after.entrySet()) {
            if (keys.test(e.getKey())) {
                total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return total;
    }

    private String numberOf(String useCaseId) {
        return numberOf(root, useCaseId);
    }

    /** The first number the use case's config claims. */
    static String numberOf(Path root, String useCaseId) {
        for (UseCaseFile useCase : ConfigFiles.load(root.resolve("configs")).useCases()) {
            if (useCase.id().equals(useCaseId) && !useCase.numbers().isEmpty()) {
                return useCase.numbers().getFirst();
            }
        }
        throw new IllegalStateException("no number routes to the use case '" + useCaseId + "' in configs/");
    }
}
