package dev.switchboard.local.dynalite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dynalite (npm {@code dynalite}, Apache-2.0), an independent DynamoDB implementation, run as a child process for
 * the tests that hold {@code LocalDynamoDb} to it. It is installed once with {@code npm} into
 * {@code ~/.cache/switchboard/dynalite-VERSION} (reused afterwards) and started as {@code node cli.js --port P
 * --createTableMs MS}, in memory. Without {@code node} and {@code npm} on the PATH the calling test is skipped.
 */
public final class Dynalite implements AutoCloseable {
    /** The version the conformance tests were written against. */
    public static final String VERSION = "4.0.0";

    private final Process process;
    private final int port;
    private final Path log;

    private Dynalite(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Installs dynalite if needed and starts it on a free port; tables stay CREATING for {@code createTable}. */
    public static Dynalite start(Duration createTable) {
        Optional<Path> node = onPath("node");
        Optional<Path> npm = onPath("npm");
        assumeTrue(node.isPresent() && npm.isPresent(), "node and npm are not on the PATH: the comparison with "
                + "dynalite (npm dynalite@" + VERSION + ") is skipped; install Node.js 20+ to run it");
        Path cli = install(npm.get());
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("dynalite-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(node.get().toString(), cli.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--createTableMs", Long.toString(createTable.toMillis()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        Dynalite dynalite = new Dynalite(process, port, log);
        dynalite.awaitListening(Duration.ofSeconds(20));
        return dynalite;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log in the temp folder is harmless
        }
    }

    /** {@code cli.js} of the cached install, installing it first (into a scratch folder, then moved in place). */
    private static Path install(Path npm) {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "switchboard");
        Path dir = home.resolve("dynalite-" + VERSION);
        Path cli = dir.resolve("node_modules/dynalite/cli.js");
        if (Files.isRegularFile(cli)) {
            return cli;
        }
        try {
            Files.createDirectories(home);
            Path scratch = Files.createTempDirectory(home, "dynalite-install-");
            // --ignore-scripts: the in-memory store needs no native build
            List<String> command = List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--ignore-scripts",
                    "--prefix", scratch.toString(), "dynalite@" + VERSION);
            Path log = scratch.resolve("npm-install.log");
            Process install = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!install.waitFor(5, TimeUnit.MINUTES)) {
                install.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + install.exitValue()
                        + "):\n" + Files.readString(log));
            }
            try {
                Files.move(scratch, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another build installed it meanwhile; its copy is as good
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install dynalite@" + VERSION + " into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing dynalite", e);
        }
        return cli;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = read(log);
                close();
                throw new IllegalStateException("dynalite exited with " + process.exitValue() + ":\n" + output);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        String output = read(log);
        close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + timeout + ":\n"
                + output);
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
