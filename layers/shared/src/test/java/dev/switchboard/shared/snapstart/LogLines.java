package dev.switchboard.shared.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures {@link Log} lines for assertions; {@link #close} restores standard output. */
public final class LogLines implements AutoCloseable {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogLines() {
        Log.redirect(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public List<JsonNode> events(String event) {
        return buffer.toString(StandardCharsets.UTF_8).lines().map(Json::read)
                .filter(l -> event.equals(l.path("event").asText())).toList();
    }

    @Override
    public void close() {
        Log.redirect(System.out);
        Log.clear();
    }
}
