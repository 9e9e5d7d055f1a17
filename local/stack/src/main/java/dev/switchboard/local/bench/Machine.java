package dev.switchboard.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a run measured: processors, memory, CPU model, JDK. */
final class Machine {

    private Machine() {
    }

    static void describe(PrintStream out, BenchSettings settings) {
        out.printf("Machine: %d processors, %s memory, CPU %s; JDK %s (%s)%n%n", Runtime.getRuntime().availableProcessors(),
                memory().orElse("unknown"), cpu().orElse("unknown"), Runtime.version(), System.getProperty("java.vendor"));
    }

    private static Optional<String> cpu() {
        return line(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).trim());
    }

    private static Optional<String> memory() {
        return line(Path.of("/proc/meminfo"), "MemTotal").map(l -> {
            long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
            return "%.1f GiB".formatted(kb / 1024.0 / 1024.0);
        });
    }

    private static Optional<String> line(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
