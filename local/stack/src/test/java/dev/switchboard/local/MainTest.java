package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void listsTheCommandsWhenAskedForHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ./switchboard").contains("config");
    }

    @Test
    void failsWithUsageWithoutACommand() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: ./switchboard");
    }

    @Test
    void rejectsAnUnknownCommand() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown command 'deploy'");
    }

    @Test
    void dispatchesToTheConfigCommand() {
        assertThat(run("config", "validate", "../../configs")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("all valid");
    }

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
