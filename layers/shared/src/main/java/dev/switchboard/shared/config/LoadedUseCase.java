package dev.switchboard.shared.config;

import java.util.List;

/**
 * A use case as loaded: always usable, with the problems found on the way (empty when the item was clean).
 * Callers log the problems ({@link ConfigProblem#log}) and carry on.
 */
public record LoadedUseCase(UseCase useCase, List<ConfigProblem> problems) {

    public LoadedUseCase {
        problems = List.copyOf(problems);
    }

    public static LoadedUseCase clean(UseCase useCase) {
        return new LoadedUseCase(useCase, List.of());
    }

    public boolean isClean() {
        return problems.isEmpty();
    }
}
