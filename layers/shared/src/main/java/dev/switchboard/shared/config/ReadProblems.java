package dev.switchboard.shared.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema violations of one use-case document and the problems reported so far. {@link UseCaseReader} asks
 * whether an attribute failed, applies its fallback and reports the violation with that consequence; whatever is
 * left unreported at the end is reported as ignored, so no violation goes unlogged.
 */
final class ReadProblems {

    private final String useCaseId;
    private final Map<String, String> open = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    ReadProblems(String useCaseId, List<ConfigSchema.Violation> violations) {
        this.useCaseId = useCaseId;
        violations.forEach(v -> open.put(v.path(), v.reason()));
    }

    /** Whether the value at {@code path} itself is wrong (not counting what is inside it). */
    boolean failedAt(String path) {
        return open.containsKey(path);
    }

    /** Whether anything at or inside {@code path} is wrong. */
    boolean failed(String path) {
        return open.keySet().stream().anyMatch(p -> covers(path, p));
    }

    /** Whether {@code path} or any of the named attributes inside it is wrong. */
    boolean failedAtOrIn(String path, String... attributes) {
        if (failedAt(path)) {
            return true;
        }
        for (String attribute : attributes) {
            if (failed(path + "." + attribute)) {
                return true;
            }
        }
        return false;
    }

    /** Reports every open violation at or inside {@code path}, each with what was done instead. */
    void fallBack(String path, String consequence) {
        List<String> covered = open.keySet().stream().filter(p -> covers(path, p)).toList();
        for (String p : covered) {
            add(p, open.remove(p) + "; " + consequence);
        }
    }

    /** Forgets a violation that does not apply here (the item's id comes from its key, not the document). */
    void dismiss(String path) {
        open.remove(path);
    }

    /** A problem the schema cannot see (a duplicate, a reference to a missing tool, an unknown time zone). */
    void add(String path, String reason) {
        problems.add(new ConfigProblem(useCaseId, path, reason));
    }

    /** Every problem; what no fallback reported is reported as ignored. */
    List<ConfigProblem> all() {
        fallBack("", "ignored");
        return List.copyOf(problems);
    }

    private static boolean covers(String path, String candidate) {
        return path.isEmpty() || candidate.equals(path) || candidate.startsWith(path + ".")
                || candidate.startsWith(path + "[");
    }
}
