package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagePrimingTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Log.redirect(System.out);
    }

    @Test
    void primesWithoutNetworkBeforeTheSnapshot() {
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        // an unreachable base URL: priming must not call the model
        OpenAiLlm llm = new OpenAiLlm(new OpenAiLlm.Settings("k", "http://127.0.0.1:9/v1", "m",
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100), 0));

        new MessagePriming(llm).beforeCheckpoint(null);

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("snapstart.primed");
    }
}
