package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.coldstart.ColdStartProbe;
import dev.switchboard.local.deploy.DeployedFolder;
import dev.switchboard.local.stack.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start of the packaged message function: a fresh JVM per run on the function's then the layer's jars (Lambda's
 * order) plus {@link ColdStartProbe}, handling one {@code prompt} of a call opened through the warm local stack.
 * Runs alternate between without and with priming.
 */
final class ColdStart {

    static final String FUNCTION = "WsMessageFunction";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** One fresh JVM: init is the handler's constructor, priming its hooks, then the first prompt handled. */
    record Run(boolean primed, double initMs, double primingMs, double firstPromptMs, double launchToHandledMs,
               long rssKb, int hooks, boolean primingRan, Optional<String> failure) {

        static Run failed(boolean primed, String why) {
            return new Run(primed, 0, 0, 0, 0, 0, 0, false, Optional.of(why));
        }
    }

    private final BenchStack bench;
    private final String to;
    private final PrintStream progress;
    private final SamTemplate.FunctionDefinition definition;
    private final DeployedFolder function;
    private final DeployedFolder layer;
    private final String javaToolOptions;

    ColdStart(BenchStack bench, String to, PrintStream progress) {
        this.bench = bench;
        this.to = to;
        this.progress = progress;
        this.definition = bench.template().function(FUNCTION);
        this.function = DeployedFolder.function("ws-message", bench.root().resolve(definition.codeUri()));
        JsonNode template = ArtifactSizes.template(bench.root());
        this.layer = ArtifactSizes.layer(bench.root(), template);
        JsonNode own = template.path("Resources").path(FUNCTION).path("Properties").path("Environment")
                .path("Variables").path("JAVA_TOOL_OPTIONS");
        this.javaToolOptions = own.isTextual() ? own.asText() : template.path("Globals").path("Function")
                .path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText("");
    }

    /** Why the cold start cannot run: the packaged function or layer is missing ({@code ./mvnw package}). */
    Optional<String> missingArtifacts() {
        return Stream.of(function, layer).filter(folder -> !folder.exists()).findFirst()
                .map(folder -> folder.libDir() + " does not exist (run ./mvnw -pl local/bench -am install -DskipTests)");
    }

    /** Modelled on a function of the template's memory size, which has a single vCPU below 1769 MB. */
    List<String> jvmOptions() {
        return List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:MaxHeapSize=" + (definition.memoryMb() * 85 / 100) + "m",
                "-XX:ActiveProcessorCount=1");
    }

    String setup() {
        return String.join(" ", jvmOptions()) + (javaToolOptions.isEmpty() ? "" : ", JAVA_TOOL_OPTIONS="
                + javaToolOptions) + ", JDK " + Runtime.version();
    }

    List<Run> measure(int runsEach) throws InterruptedException {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 2 * runsEach; i++) {
            runs.add(run(i % 2 == 1, i));
        }
        return runs;
    }

    /** Where the probe's class is (the bench's other classes beside it are never loaded in the fresh JVM). */
    static Path probeClassPath() {
        try {
            return Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the cold-start probe", e);
        }
    }

    private Run run(boolean prime, int index) throws InterruptedException {
        progress.printf("  cold start %d: %s%n", index + 1, prime ? "with priming" : "without priming");
        Process process = null;
        Path out = null;
        try (BenchCall call = new BenchCall(bench, to, "+14155550177")) {
            call.open(Duration.ofSeconds(20));
            out = Files.createTempFile("switchboard-coldstart", ".txt");
            String classpath = Stream.of(Stream.of(probeClassPath()), function.jars().stream(), layer.jars().stream())
                    .flatMap(s -> s).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            List<String> command = Stream.of(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                    jvmOptions(), List.of("-cp", classpath, ColdStartProbe.class.getName(), definition.handlerClass(),
                    call.connectionId(), BenchStack.prompt("coldstart-" + index, 0), Boolean.toString(prime),
                    Integer.toString(definition.memoryMb()))).flatMap(List::stream).toList();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment());
            long launchMicros = ColdStartProbe.epochMicros();
            process = builder.start();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Run.failed(prime, "the fresh JVM did not finish within " + RUN_TIMEOUT);
            }
            call.hangup();
            List<String> lines = Files.readAllLines(out);
            Optional<String> line = lines.stream().filter(l -> l.startsWith("COLDSTART ")).findFirst();
            if (line.isEmpty()) {
                return Run.failed(prime, "exit " + process.exitValue() + ": "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            }
            Map<String, Long> v = Stream.of(line.get().substring("COLDSTART ".length()).trim().split(" "))
                    .map(pair -> pair.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> Long.parseLong(p[1])));
            return new Run(prime, (v.get("init") - v.get("main")) / 1e3, (v.get("primed") - v.get("init")) / 1e3,
                    (v.get("handled") - v.get("primed")) / 1e3, (v.get("handled") - launchMicros) / 1e3, v.get("rssKb"),
                    v.get("hooks").intValue(), lines.stream().anyMatch(l -> l.contains("snapstart.primed")),
                    Optional.empty());
        } catch (BenchCall.CallFailed e) {
            return Run.failed(prime, e.getMessage());
        } catch (IOException e) {
            return Run.failed(prime, "cannot run the fresh JVM: " + e.getMessage());
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(bench.stack().environment());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(definition.memoryMb()));
        if (!javaToolOptions.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        return env;
    }
}
