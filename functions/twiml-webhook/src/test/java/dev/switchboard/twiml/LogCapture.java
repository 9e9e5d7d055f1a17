package dev.switchboard.twiml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures {@link Log} lines for assertions; {@link #close} restores standard output. */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        Log.redirect(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    List<JsonNode> lines() {
        return buffer.toString(StandardCharsets.UTF_8).lines().map(Json::read).toList();
    }

    List<JsonNode> events(String event) {
        return lines().stream().filter(l -> event.equals(l.path("event").asText())).toList();
    }

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Log.redirect(System.out);
        Log.clear();
    }
}
