package dev.switchboard.bench;

import dev.switchboard.local.Options;
import dev.switchboard.local.stack.RepoRoot;
import dev.switchboard.shared.log.Log;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./switchboard bench}: drives the local stack with the scripted model and prints the performance table
 * (Markdown) on standard output; progress goes to standard error, handler logs to a file. Not a test: nothing
 * asserts a wall-clock figure.
 */
public final class BenchCommand {

    /** A numeric option, its default and its bounds, in the order of {@link BenchSettings}' numbers. */
    private record Knob(String name, int fallback, int min, int max, String help) {
        String option() {
            return name.substring(0, name.indexOf(' '));
        }
    }

    private static final List<Knob> KNOBS = List.of(
            new Knob("--dynamodb-latency MS", 5, 0, 10_000, "injected before each DynamoDB answer"),
            new Knob("--first-token MS", 300, 0, 10_000, "the scripted model's time to first token"),
            new Knob("--token-pace MS", 20, 0, 10_000, "the scripted model's time between tokens"),
            new Knob("--turns N", 20, 1, 500, "measured turns on one call"),
            new Knob("--baseline-turns N", 10, 0, 500, "measured turns with no latency injected"),
            new Knob("--interrupts N", 10, 0, 200, "interrupt trials"),
            new Knob("--calls N", 50, 1, 200, "concurrent simulated calls"),
            new Knob("--call-turns N", 4, 1, 50, "turns per concurrent call"),
            new Knob("--cold-starts N", 3, 1, 10, "fresh JVMs without and with priming, each"),
            new Knob("--stalls N", 5, 1, 50, "turns against a model that stalls 10 s before its first token"),
            new Knob("--phase-limit S", 90, 5, 600, "the longest one part may run, in seconds"));

    static final String USAGE = """
            Usage: ./switchboard bench [options]

            Runs the local stack on 127.0.0.1 with the scripted model and measures: DynamoDB round trips and added
            latency on the prompt path, first word to first post, posts per reply, frames after an interrupt,
            time to first words with a stalled model, concurrent calls, cold start of the packaged message function
            (fresh JVMs), artifact sizes, and cost per call-minute. Prints a Markdown table on standard output. Takes
            about four minutes with the defaults.

            %s
              --skip LIST             comma-separated parts to leave out: %s
              --log FILE              where handler logs go (default local/.data/bench.log)

            The cold start and artifact sizes need the packaged functions (./mvnw -pl local/bench -am install
            -DskipTests, which the launcher runs).
            """.formatted(KNOBS.stream().map(k -> "  %-23s %s (default %d)".formatted(k.name(), k.help(), k.fallback()))
            .collect(Collectors.joining("\n")), String.join(",", new TreeSet<>(BenchSettings.PARTS)));

    private BenchCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        BenchSettings settings;
        Options options;
        try {
            options = Options.parse(args, Stream.concat(KNOBS.stream().map(Knob::option), Stream.of("--skip", "--log"))
                    .collect(Collectors.toSet()), Set.of());
            settings = settings(options);
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Path root = RepoRoot.find();
        Path logFile = options.value("--log").map(Path::of).orElse(root.resolve("local/.data/bench.log"));
        PrintStream originalOut = System.out;
        PrintStream log;
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            log = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
            System.setOut(log);
            Log.redirect(log);
        } catch (IOException e) {
            err.println("cannot open the log file " + logFile + ": " + e.getMessage());
            return 1;
        }
        err.println("Handler logs: " + logFile);
        try {
            Benchmark.Results results = new Benchmark(settings, root, err, () -> {
                log.flush(); // the bytes the handlers logged: what CloudWatch Logs would ingest
                return logFile.toFile().length();
            }).run();
            new Report(results).print(out);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 130;
        } catch (RuntimeException e) {
            err.println("The benchmark failed: " + e);
            return 1;
        } finally {
            System.out.flush();
            System.setOut(originalOut);
        }
    }

    private static BenchSettings settings(Options o) throws Options.UsageException {
        Set<String> skip = new TreeSet<>();
        for (String part : o.value("--skip").map(s -> s.split(",")).orElse(new String[0])) {
            if (!BenchSettings.PARTS.contains(part.trim())) {
                throw new Options.UsageException("--skip: unknown part '" + part.trim() + "' (parts: "
                        + new TreeSet<>(BenchSettings.PARTS) + ")");
            }
            skip.add(part.trim());
        }
        int[] v = new int[KNOBS.size()];
        for (int i = 0; i < v.length; i++) {
            Knob k = KNOBS.get(i);
            v[i] = o.intValue(k.option(), k.fallback());
            if (v[i] < k.min() || v[i] > k.max()) {
                throw new Options.UsageException(k.option() + " must be between " + k.min() + " and " + k.max());
            }
        }
        return new BenchSettings(Duration.ofMillis(v[0]), Duration.ofMillis(v[1]), Duration.ofMillis(v[2]), v[3], v[4],
                v[5], v[6], v[7], v[8], v[9], Set.copyOf(skip), Duration.ofSeconds(v[10]));
    }
}
