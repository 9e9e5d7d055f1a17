package dev.switchboard.local.bench;

import dev.switchboard.local.Command;
import dev.switchboard.local.Options;
import dev.switchboard.local.stack.RepoRoot;
import dev.switchboard.shared.log.Log;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./switchboard bench}: drives the local stack with the scripted model and prints the Benchmarks table
 * (Markdown) on standard output; progress goes to standard error, handler logs to a file. Not a test: nothing
 * asserts a wall-clock figure.
 */
public final class BenchCommand implements Command {

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

            The cold start and artifact sizes need the packaged functions (./mvnw -pl local/stack -am install
            -DskipTests, which the launcher runs).
            """.formatted(String.join(",", BenchSettings.PARTS.stream().sorted().toList()));

    @Override
    public String summary() {
        return "measure latency, interrupts, concurrency, cold start, sizes and cost on the local stack";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        BenchSettings settings;
        Options options;
        try {
            options = Options.parse(args, Set.of("--dynamodb-latency", "--first-token", "--token-pace", "--turns",
                    "--baseline-turns", "--interrupts", "--calls", "--call-turns", "--cold-starts", "--stalls", "--skip",
                    "--phase-limit", "--log"), Set.of());
            settings = settings(options);
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Path root = RepoRoot.find();
        Path logFile = options.value("--log").map(Path::of).orElse(root.resolve("local/.data/bench.log"));
        PrintStream originalOut = System.out;
        AtomicLong logged = new AtomicLong();
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            PrintStream log = new PrintStream(new Counting(new FileOutputStream(logFile.toFile(), false), logged), true,
                    StandardCharsets.UTF_8);
            System.setOut(log);
            Log.redirect(log);
        } catch (IOException e) {
            err.println("cannot open the log file " + logFile + ": " + e.getMessage());
            return 1;
        }
        err.println("Handler logs: " + logFile);
        try {
            Benchmark.Results results = new Benchmark(settings, root, err, logged::get).run();
            Machine.describe(out, settings);
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
        BenchSettings d = BenchSettings.defaults();
        Set<String> skip = new HashSet<>();
        if (o.value("--skip").isPresent()) {
            for (String part : o.value("--skip").get().split(",")) {
                String p = part.trim();
                if (!BenchSettings.PARTS.contains(p)) {
                    throw new Options.UsageException("--skip: unknown part '" + p + "' (parts: "
                            + Arrays.toString(BenchSettings.PARTS.stream().sorted().toArray()) + ")");
                }
                skip.add(p);
            }
        }
        return new BenchSettings(millis(o, "--dynamodb-latency", d.dynamoLatency()), millis(o, "--first-token", d.firstToken()),
                millis(o, "--token-pace", d.tokenPace()), count(o, "--turns", d.turns(), 1, 500),
                count(o, "--baseline-turns", d.baselineTurns(), 0, 500), count(o, "--interrupts", d.interrupts(), 0, 200),
                count(o, "--calls", d.calls(), 1, 200), count(o, "--call-turns", d.callTurns(), 1, 50),
                count(o, "--cold-starts", d.coldStarts(), 1, 10), count(o, "--stalls", d.stalls(), 1, 50), Set.copyOf(skip),
                Duration.ofSeconds(count(o, "--phase-limit", (int) d.phaseLimit().toSeconds(), 5, 600)));
    }

    private static Duration millis(Options o, String name, Duration fallback) throws Options.UsageException {
        int value = o.intValue(name, (int) fallback.toMillis());
        if (value < 0 || value > 10_000) {
            throw new Options.UsageException(name + " must be between 0 and 10000 ms");
        }
        return Duration.ofMillis(value);
    }

    private static int count(Options o, String name, int fallback, int min, int max) throws Options.UsageException {
        int value = o.intValue(name, fallback);
        if (value < min || value > max) {
            throw new Options.UsageException(name + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** Counts the bytes written (what CloudWatch Logs would ingest). */
    private static final class Counting extends FilterOutputStream {
        private final AtomicLong count;

        Counting(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }
    }
}
