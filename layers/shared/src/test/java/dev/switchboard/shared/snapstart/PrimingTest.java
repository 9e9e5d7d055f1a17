package dev.switchboard.shared.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void runsEveryStepInOrderBeforeTheCheckpoint() {
        Priming priming = Priming.of("fn", Priming.step("a", () -> ran.add("a")), Priming.step("b", () -> ran.add("b")));

        try (LogLines log = new LogLines()) {
            priming.beforeCheckpoint(null);

            assertThat(ran).containsExactly("a", "b");
            assertThat(log.events("snapstart.primed")).singleElement().satisfies(line -> {
                assertThat(line.path("function").asText()).isEqualTo("fn");
                assertThat(line.path("steps").toString()).isEqualTo("[\"a\",\"b\"]");
            });
        }
    }

    @Test
    void aFailingStepIsReportedAndLoggedAndTheOthersStillRun() {
        Priming priming = Priming.of("fn",
                Priming.step("broken", () -> {
                    throw new IllegalStateException("boom");
                }),
                Priming.step("missing-class", () -> {
                    throw new NoClassDefFoundError("com/openai/Gone");
                }),
                Priming.step("fine", () -> ran.add("fine")));

        try (LogLines log = new LogLines()) {
            Priming.Report report = priming.run();

            assertThat(report.ok()).isFalse();
            assertThat(report.primed()).containsExactly("fine");
            assertThat(report.failed()).containsOnlyKeys("broken", "missing-class")
                    .containsEntry("missing-class", "java.lang.NoClassDefFoundError");
            assertThat(log.events("snapstart.priming_failed")).extracting(l -> l.path("step").asText())
                    .containsExactly("broken", "missing-class");
        }
        assertThat(ran).containsExactly("fine");
    }

    @Test
    void runningAgainDoesTheSameWork() {
        Priming priming = Priming.of("fn", Priming.step("a", () -> ran.add("a")));

        Priming.Report first = priming.run();
        Priming.Report second = priming.run();

        assertThat(second).isEqualTo(first);
        assertThat(ran).containsExactly("a", "a");
    }

    @Test
    void registeringReturnsTheInstanceForTheHandlerToKeep() {
        Priming priming = Priming.of("fn");

        assertThat(priming.register()).isSameAs(priming);
        assertThat(priming.stepNames()).isEmpty();
    }

    @Test
    void theSampleUseCaseParsesWithoutProblemsAndHasWhatTheStepsExercise() {
        var loaded = PrimingSamples.useCase();

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.useCase().id()).isEqualTo(PrimingSamples.USE_CASE_ID);
        assertThat(loaded.useCase().tool(PrimingSamples.TOOL)).isPresent();
        assertThat(loaded.useCase().languages()).isNotEmpty();
        assertThat(loaded.useCase().handoff().mode()).isEqualTo("enqueue");
        assertThat(PrimingSamples.useCases().load("any")).isEqualTo(loaded);
    }
}
