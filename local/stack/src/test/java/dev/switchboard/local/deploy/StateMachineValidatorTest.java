package dev.switchboard.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code statemachine/*.asl.json} passes asl-validator (npm, the Amazon States Language checker that nobody
 * here wrote), run through {@code npx}. Skipped, with a message, on a machine without Node.js; CI has it.
 */
class StateMachineValidatorTest {

    private static final String VALIDATOR = "asl-validator@4.0.0";

    @Test
    void everyDefinitionPassesAslValidator() throws Exception {
        assumeTrue(onPath("npx"), "npx (Node.js) is not on the PATH: asl-validator is not run");
        Repository repo = Repository.locate();
        List<Path> definitions = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(repo.resolve("statemachine"), "*.asl.json")) {
            files.forEach(definitions::add);
        }
        assertThat(definitions).isNotEmpty();
        for (Path definition : definitions) {
            Validation result = validate(definition);
            assertThat(result.exitCode()).as(definition.getFileName() + ": " + result.output()).isZero();
        }
    }

    @Test
    void aBrokenDefinitionFails(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("npx"), "npx (Node.js) is not on the PATH: asl-validator is not run");
        Path broken = Files.writeString(dir.resolve("broken.asl.json"),
                "{\"StartAt\": \"Missing\", \"States\": {\"Only\": {\"Type\": \"Succeed\"}}}");
        assertThat(validate(broken).exitCode()).isNotZero();
    }

    private record Validation(int exitCode, String output) {
    }

    private static Validation validate(Path definition) throws Exception {
        Process process = new ProcessBuilder("npx", "--yes", VALIDATOR, "--json-path", definition.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("asl-validator finished").isTrue();
        return new Validation(process.exitValue(), output);
    }

    private static boolean onPath(String command) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
