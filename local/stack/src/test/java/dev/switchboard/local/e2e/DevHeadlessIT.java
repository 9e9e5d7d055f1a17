package dev.switchboard.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.caller.Turn;
import dev.switchboard.local.caller.TurnCollector;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher contract in a separate JVM, as scripts use it: {@code dev --headless --port N} prints exactly one line
 * on standard output, {@code READY <voice webhook url>}, once the stack accepts calls at that URL. Runs after
 * {@code package} (failsafe), when target/classpath.txt exists.
 */
class DevHeadlessIT {

    @Test
    void printsOneReadyLineWithTheWebhookUrlOnceItAcceptsCalls() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        String classpath = module.resolve("target/classes") + File.pathSeparator
                + Files.readString(module.resolve("target/classpath.txt")).trim();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.switchboard.local.Main", "dev", "--headless", "--port", "0")
                .directory(module.getParent().getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader stdout = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = stdout.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process went away
                }
            });
            String ready = lines.poll(90, TimeUnit.SECONDS);

            assertThat(ready).matches("READY http://127\\.0\\.0\\.1:\\d+/twiml");
            String webhook = ready.substring("READY ".length());
            SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(webhook,
                    "switchboard-local-auth-token", "+14155550123", "+15005550006"));
            caller.dial();
            caller.connect();
            TurnCollector turns = new TurnCollector(caller);
            turns.awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(20));
            caller.say("What pizzas do you have?");
            Turn turn = turns.awaitReply(Duration.ofMillis(200), Duration.ofSeconds(20));
            caller.hangup();
            assertThat(turn.text()).contains("Margherita");

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
            assertThat(lines).as("standard output after the READY line").isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }
}
