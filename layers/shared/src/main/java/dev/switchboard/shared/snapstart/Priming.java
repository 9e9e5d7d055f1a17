package dev.switchboard.shared.snapstart;

import dev.switchboard.shared.log.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's SnapStart priming: named steps that run the per-request code paths on in-memory samples before the
 * snapshot ({@code beforeCheckpoint}), so that their classes are loaded, initialised and partly compiled in the
 * snapshot instead of on the first call after a restore. Steps never use the network, the clock's current time
 * for anything kept, random values or secrets: the snapshot is shared by every environment restored from it.
 *
 * <p>A handler builds it in its constructor, {@linkplain #register() registers} it and keeps it in a field: the
 * Lambda runtime's CRaC context holds resources weakly, so a resource nothing else references can be garbage
 * collected before the checkpoint and never run. A JVM without CRaC (tests, the local stack) ignores the
 * registration.
 *
 * <p>A failing step is logged ({@code snapstart.priming_failed}) and skipped: priming only saves time, and a
 * snapshot without it still serves calls. The tests run every function's priming (ws-message's also from its
 * packaged jars alone) and require all steps to succeed.
 */
public final class Priming implements Resource {

    /** One unit of priming work, named in the log and in the {@link Report}. */
    public record Step(String name, Runnable work) {
    }

    /**
     * What one run did.
     *
     * @param primed the steps that completed, in order
     * @param failed the steps that threw, with the exception's class name
     */
    public record Report(List<String> primed, Map<String, String> failed) {
        public Report {
            primed = List.copyOf(primed);
            failed = Map.copyOf(failed);
        }

        public boolean ok() {
            return failed.isEmpty();
        }
    }

    private final String function;
    private final List<Step> steps;

    private Priming(String function, List<Step> steps) {
        this.function = function;
        this.steps = List.copyOf(steps);
    }

    /** @param function the function's name in the log line */
    public static Priming of(String function, Step... steps) {
        return new Priming(function, List.of(steps));
    }

    public static Step step(String name, Runnable work) {
        return new Step(name, work);
    }

    /** Registers with the global CRaC context; returns this, for the handler to keep in a field. */
    public Priming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: SDK and HTTP clients reconnect on their own, secrets re-read themselves (SecretsManagerSecret)
    }

    /** Runs every step once; each run does the same work (priming twice is harmless). */
    public Report run() {
        long started = System.nanoTime();
        List<String> primed = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Step step : steps) {
            try {
                step.work().run();
                primed.add(step.name());
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a class the packaged artifact lacks; the same call would fail after restore too
                failed.put(step.name(), e.getClass().getName());
                Log.error("snapstart.priming_failed", e, "function", function, "step", step.name());
            }
        }
        Log.info("snapstart.primed", "function", function, "steps", primed, "failed", failed.keySet(),
                "millis", (System.nanoTime() - started) / 1_000_000);
        return new Report(primed, failed);
    }
}
