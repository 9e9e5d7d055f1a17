package dev.switchboard.shared.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import java.io.PrintStream;
import java.time.InstantSource;

/**
 * Writes metrics as CloudWatch embedded metric format lines on standard output (Lambda ships them to CloudWatch
 * Logs, which extracts the metrics): namespace {@value #NAMESPACE}, dimension {@code UseCase}. No library, no
 * agent, no annotations.
 */
public final class EmfMetrics implements Metrics {

    public static final String NAMESPACE = "Switchboard";

    private final PrintStream out;
    private final InstantSource clock;

    public EmfMetrics() {
        this(System.out, InstantSource.system());
    }

    public EmfMetrics(PrintStream out, InstantSource clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void turn(TurnMetrics turn) {
        Line line = new Line(turn.useCaseId());
        turn.firstTokenMs().ifPresent(ms -> line.metric("PromptToFirstToken", "Milliseconds", ms));
        turn.firstPostMs().ifPresent(ms -> line.metric("PromptToFirstPost", "Milliseconds", ms));
        line.metric("PostsPerReply", "Count", turn.posts());
        line.metric("PromptTokens", "Count", turn.promptTokens());
        line.metric("CompletionTokens", "Count", turn.completionTokens());
        line.metric("TurnErrors", "Count", turn.errors());
        line.metric("Fillers", "Count", turn.fillers());
        line.metric("Turns", "Count", 1);
        line.property("turnKind", turn.kind());
        line.property("outcome", turn.outcome());
        write(line);
    }

    @Override
    public void count(String name, String useCaseId) {
        Line line = new Line(useCaseId);
        line.metric(name, "Count", 1);
        write(line);
    }

    private void write(Line line) {
        ObjectNode root = line.root;
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("UseCase");
        directive.set("Metrics", line.definitions);
        String text = root.toString();
        synchronized (out) {
            out.println(text);
        }
    }

    private static final class Line {
        final ObjectNode root = Json.object();
        final ArrayNode definitions = Json.MAPPER.createArrayNode();

        Line(String useCaseId) {
            root.put("UseCase", useCaseId.isEmpty() ? "unknown" : useCaseId);
        }

        void metric(String name, String unit, long value) {
            definitions.addObject().put("Name", name).put("Unit", unit);
            root.put(name, value);
        }

        void property(String name, String value) {
            root.put(name, value);
        }
    }
}
