package dev.switchboard.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.local.bench.coldstart.ColdStartProbe;
import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.deploy.DeployedFolder;
import dev.switchboard.local.stack.SamTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the packaged message function: a fresh JVM per run whose class path is the function's
 * {@code target/lambda/lib} jars, then the layer's {@code java/lib} jars (Lambda's order: function code, then
 * layers), plus the probe. It handles one {@code prompt} for a connection opened through the warm local stack, so
 * its DynamoDB reads, model request and posts go to the same local servers and the simulated caller hears the reply.
 * Runs alternate between without and with priming.
 */
final class ColdStart {

    static final String FUNCTION = "WsMessageFunction";

    /**
     * One fresh JVM.
     *
     * @param launchToMainMs     process start → the probe's {@code main} ran (JVM boot)
     * @param initMs             the handler's constructor (what Lambda's init phase runs)
     * @param primingMs          the {@code beforeCheckpoint} hooks (0 without priming)
     * @param firstPromptMs      the first {@code handleRequest}: a prompt, streamed reply included
     * @param launchToHandledMs  process start → the first prompt handled
     * @param launchToFirstWords process start → the simulated caller received the first {@code text} frame
     * @param primingRan         the priming hook logged {@code snapstart.primed}
     */
    record Run(boolean primed, boolean gcBeforeCheckpoint, double launchToMainMs, double initMs, double primingMs,
               double firstPromptMs, double launchToHandledMs, Optional<Double> launchToFirstWords, long rssKb,
               long hwmKb, int registered, boolean primingRan, List<String> timeline, Optional<String> failure) {

        static Run failed(boolean primed, boolean gc, String why) {
            return new Run(primed, gc, 0, 0, 0, 0, 0, Optional.empty(), 0, 0, 0, false, List.of(), Optional.of(why));
        }
    }

    /** The JVM options the fresh JVM gets, and why. */
    record Jvm(List<String> options, String javaToolOptions, int memoryMb) {
    }

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final BenchStack bench;
    private final String to;
    private final PrintStream progress;

    ColdStart(BenchStack bench, String to, PrintStream progress) {
        this.bench = bench;
        this.to = to;
        this.progress = progress;
    }

    /** Whether the packaged function and layer exist ({@code ./mvnw package}). */
    Optional<String> missingArtifacts() {
        for (DeployedFolder folder : List.of(functionFolder(), layerFolder())) {
            if (!folder.exists()) {
                return Optional.of(folder.libDir() + " does not exist (run ./mvnw -pl local/stack -am install -DskipTests)");
            }
        }
        return Optional.empty();
    }

    Jvm jvm() {
        int memory = definition().memoryMb();
        List<String> options = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:MaxHeapSize=" + (memory * 85 / 100) + "m",
                "-XX:ActiveProcessorCount=1");
        return new Jvm(options, javaToolOptions(), memory);
    }

    /** {@code runsEach} runs without and with priming, alternating, then one primed run with a GC before the hooks. */
    List<Run> measure(int runsEach) {
        Path probeDir;
        try {
            probeDir = Files.createTempDirectory("switchboard-coldstart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ProbeClasses.copyTo(probeDir);
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < runsEach; i++) {
                runs.add(run(probeDir, false, false, runs.size()));
                runs.add(run(probeDir, true, false, runs.size()));
            }
            runs.add(run(probeDir, true, true, runs.size()));
            return runs;
        } finally {
            deleteQuietly(probeDir);
        }
    }

    private Run run(Path probeDir, boolean prime, boolean gc, int index) {
        progress.printf("  cold start %d: %s%s%n", index + 1, prime ? "with priming" : "without priming",
                gc ? " (System.gc() before the hooks)" : "");
        BenchCall call = new BenchCall(bench, to, "+14155550177");
        Process process = null;
        try {
            call.open(Duration.ofSeconds(20));
            String prompt = BenchScript.prompt("coldstart-" + index, 0);
            ProcessBuilder builder = new ProcessBuilder(command(probeDir, call.connectionId(), prompt, prime, gc));
            builder.environment().clear();
            builder.environment().putAll(environment());
            List<String> stdout = Collections.synchronizedList(new ArrayList<>());
            List<String> stderr = Collections.synchronizedList(new ArrayList<>());
            long launchNanos = System.nanoTime();
            long launchMicros = epochMicros();
            process = builder.start();
            drain(process.getInputStream(), stdout);
            drain(process.getErrorStream(), stderr);
            Optional<Double> firstWords = Optional.empty();
            try {
                RelayEvent.Text first = call.awaitFirstText(RUN_TIMEOUT);
                firstWords = Optional.of((first.receivedAt() - launchNanos) / 1e6);
            } catch (BenchCall.CallFailed e) {
                // reported below from the probe's own output
            }
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Run.failed(prime, gc, "the fresh JVM did not finish within " + RUN_TIMEOUT);
            }
            Thread.sleep(50);
            Optional<String> line;
            synchronized (stdout) {
                line = stdout.stream().filter(l -> l.startsWith("COLDSTART ")).findFirst();
            }
            if (line.isEmpty()) {
                return Run.failed(prime, gc, "exit " + process.exitValue() + ": " + tail(stderr) + " " + tail(stdout));
            }
            Map<String, Long> v = values(line.get());
            boolean primingRan;
            synchronized (stdout) {
                primingRan = stdout.stream().anyMatch(l -> l.contains("snapstart.primed"));
            }
            return new Run(prime, gc, (v.get("main") - launchMicros) / 1e3, (v.get("init") - v.get("main")) / 1e3,
                    (v.get("primed") - v.get("init")) / 1e3, (v.get("handled") - v.get("primed")) / 1e3,
                    (v.get("handled") - launchMicros) / 1e3, firstWords, v.get("rssKb"), v.get("hwmKb"),
                    v.get("registered").intValue(), primingRan,
                    timeline(v, launchMicros, launchNanos, call.connectionId()), Optional.empty());
        } catch (BenchCall.CallFailed e) {
            return Run.failed(prime, gc, e.getMessage());
        } catch (IOException e) {
            return Run.failed(prime, gc, "cannot start the JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Run.failed(prime, gc, "interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            call.hangup();
            call.close();
        }
    }

    /** What the fresh JVM did, in milliseconds from its launch: the probe's marks and what the local servers saw. */
    private List<String> timeline(Map<String, Long> marks, long launchMicros, long launchNanos, String connectionId) {
        long end = launchNanos + (marks.get("handled") - launchMicros) * 1_000;
        List<Map.Entry<Double, String>> events = new ArrayList<>();
        events.add(Map.entry((marks.get("main") - launchMicros) / 1e3, "main() runs (JVM booted)"));
        events.add(Map.entry((marks.get("init") - launchMicros) / 1e3, "handler constructed (init done)"));
        if (!marks.get("primed").equals(marks.get("init"))) {
            events.add(Map.entry((marks.get("primed") - launchMicros) / 1e3, "beforeCheckpoint hooks done"));
        }
        events.add(Map.entry((marks.get("handled") - launchMicros) / 1e3, "handleRequest returned"));
        Recorder recorder = bench.recorder();
        for (var r : recorder.dynamoRequests()) {
            if (r.receivedNanos() >= launchNanos && r.receivedNanos() <= end) {
                events.add(Map.entry((r.receivedNanos() - launchNanos) / 1e6, "DynamoDB " + Recorder.describe(r)));
            }
        }
        for (Recorder.ModelCall call : recorder.modelCalls()) {
            if (call.receivedNanos >= launchNanos && call.receivedNanos <= end) {
                events.add(Map.entry((call.receivedNanos - launchNanos) / 1e6, "model received the request"));
            }
        }
        for (Recorder.FrameOut out : recorder.framesOut(connectionId)) {
            if (out.nanos() >= launchNanos && out.nanos() <= end) {
                events.add(Map.entry((out.nanos() - launchNanos) / 1e6, "posted " + out.type() + (out.last() ? " (last)" : "")));
            }
        }
        events.sort(Map.Entry.comparingByKey());
        return events.stream().map(e -> "%8.1f ms  %s".formatted(e.getKey(), e.getValue())).toList();
    }

    private List<String> command(Path probeDir, String connectionId, String prompt, boolean prime, boolean gc) {
        List<String> classpath = new ArrayList<>();
        classpath.add(probeDir.toString());
        functionFolder().jars().forEach(j -> classpath.add(j.toString()));
        layerFolder().jars().forEach(j -> classpath.add(j.toString()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm().options());
        if (prime) {
            command.add("-Dorg.crac.Core.Compat=" + dev.switchboard.local.bench.crac.Core.class.getPackageName());
        }
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(ColdStartProbe.class.getName());
        command.add(definition().handlerClass());
        command.add(connectionId);
        command.add(prompt);
        command.add(Boolean.toString(prime));
        command.add(Boolean.toString(gc));
        command.add(Integer.toString(definition().memoryMb()));
        return command;
    }

    /** The stack's handler environment, the function's JAVA_TOOL_OPTIONS and the credentials Lambda would set. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(bench.stack().environment());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(definition().memoryMb()));
        if (!jvm().javaToolOptions().isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", jvm().javaToolOptions());
        }
        return env;
    }

    private SamTemplate.FunctionDefinition definition() {
        return bench.template().function(FUNCTION);
    }

    DeployedFolder functionFolder() {
        return DeployedFolder.function("ws-message", bench.root().resolve(definition().codeUri()));
    }

    DeployedFolder layerFolder() {
        return DeployedFolder.layer("shared layer", bench.root().resolve(layerContentUri()));
    }

    private String layerContentUri() {
        JsonNode resources = templateTree().path("Resources");
        for (var entry : resources.properties()) {
            if ("AWS::Serverless::LayerVersion".equals(entry.getValue().path("Type").asText())) {
                return entry.getValue().path("Properties").path("ContentUri").asText();
            }
        }
        throw new IllegalStateException("template.yaml has no AWS::Serverless::LayerVersion");
    }

    /** JAVA_TOOL_OPTIONS the template gives the function (its own, else Globals'), "" when none. */
    private String javaToolOptions() {
        JsonNode root = templateTree();
        JsonNode own = root.path("Resources").path(FUNCTION).path("Properties").path("Environment").path("Variables")
                .path("JAVA_TOOL_OPTIONS");
        JsonNode global = root.path("Globals").path("Function").path("Environment").path("Variables")
                .path("JAVA_TOOL_OPTIONS");
        return own.isTextual() ? own.asText() : global.asText("");
    }

    private JsonNode templateTree() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(bench.root().resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> values(String line) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : line.substring("COLDSTART ".length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return values;
    }

    private static void drain(InputStream stream, List<String> into) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
