package dev.switchboard.shared.config;

import dev.switchboard.shared.log.Log;
import java.util.List;

/**
 * One thing wrong with a use-case config: which use case, which attribute (a path such as
 * {@code relay.dtmfDetection} or {@code tools[1].parameters}), and why, including what was used instead.
 */
public record ConfigProblem(String useCaseId, String attribute, String reason) {

    @Override
    public String toString() {
        return useCaseId + ": " + (attribute.isEmpty() ? "" : attribute + ": ") + reason;
    }

    /** Logs each problem at WARN as {@code config.problem} with structured fields. */
    public static void log(List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            Log.warn("config.problem", "useCase", p.useCaseId(), "attribute", p.attribute(), "reason", p.reason());
        }
    }
}
