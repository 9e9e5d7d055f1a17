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

/**
 * {@code ./switchboard bench}: drives the local stack with the scripted model and prints the performance table
 * (Markdown) on standard output; progress goes to standard error, handler logs to a file. Not a test: nothing
 * asserts a wall-clock figure.
 */
public final class BenchCommand {

    static final String USAGE = """
            Usage: ./switchboard bench [options]

            Runs the local stack on 127.0.0.1 with the scripted model and measures: DynamoDB round trips and added
            latency on the prompt path, first word to first post, posts per reply, frames after an interrupt,
            time to first words with a stalled model, concurrent calls, cold start of the packaged message function
            (fresh JVMs), artifact sizes, and cost per call-minute. Prints a Markdown table on standard output. Takes
            about four minutes with the defaults.

              --dynamodb-latency MS   injected before each DynamoDB answer (default 5)
              --first-token MS        the scripted model's time to first token (default 300)
              --token-pace MS         the scripted model's time between tokens (default 20)
              --turns N               measured turns on one call (default 20)
              --baseline-turns N      measured turns with no latency injected (default 10)
              --interrupts N          interrupt trials (default 10)
              --calls N               concurrent simulated calls (default 50)
              --call-turns N          turns per concurrent call (default 4)
              --cold-starts N         fresh JVMs without and with priming, each (default 3)
              --stalls N              turns against a model that stalls 10 s before its first token (default 5)
              --skip LIST             comma-separated parts to leave out: %s
              --phase-limit S         the longest one part may run, in seconds (default 90)
              --log FILE              where handler logs go (default local/.data/bench.log)

            The cold start and artifact sizes need the packaged functions (./mvnw -pl local/bench -am install
            -DskipTests, which the launcher runs).
            """.formatted(String.join(",", new TreeSet<>(BenchSettings.PARTS)));

    private static final Set<String> VALUE_OPTIONS = Set.of("--dynamodb-latency", "--first-token", "--token-pace",
            "--turns", "--baseline-turns", "--interrupts", "--calls", "--call-turns", "--cold-starts", "--stalls",
            "--skip", "--phase-limit", "--log");

    private BenchCommand() {
    }

    public static void main(String[] args) {
        // The JDK HTTP server behind the local stand-ins leaves Nagle's algorithm on; AWS's endpoints do not add the
        // delayed ACK that causes. Set before any server starts (as dev.switchboard.local.Main does).
        System.setProperty("sun.net.httpserver.nodelay", "true");
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
            options = Options.parse(args, VALUE_OPTIONS, Set.of());
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
        return new BenchSettings(millis(o, "--dynamodb-latency", 5), millis(o, "--first-token", 300),
                millis(o, "--token-pace", 20), count(o, "--turns", 20, 1, 500), count(o, "--baseline-turns", 10, 0, 500),
                count(o, "--interrupts", 10, 0, 200), count(o, "--calls", 50, 1, 200), count(o, "--call-turns", 4, 1, 50),
                count(o, "--cold-starts", 3, 1, 10), count(o, "--stalls", 5, 1, 50), Set.copyOf(skip),
                Duration.ofSeconds(count(o, "--phase-limit", 90, 5, 600)));
    }

    private static Duration millis(Options o, String name, int fallback) throws Options.UsageException {
        return Duration.ofMillis(count(o, name, fallback, 0, 10_000));
    }

    private static int count(Options o, String name, int fallback, int min, int max) throws Options.UsageException {
        int value = o.intValue(name, fallback);
        if (value < min || value > max) {
            throw new Options.UsageException(name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
