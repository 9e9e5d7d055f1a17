package dev.switchboard.local.config;

import dev.switchboard.shared.config.CallerProfile;
import java.util.List;
import java.util.Optional;

/** Everything in a configs directory: the use cases, the caller profiles, and every problem found. */
public record ConfigSet(List<UseCaseFile> useCases, List<CallerProfile> callers, List<FileProblem> problems) {

    public ConfigSet {
        useCases = List.copyOf(useCases);
        callers = List.copyOf(callers);
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The use case marked {@code defaultRoute}, if any. */
    public Optional<UseCaseFile> defaultUseCase() {
        return useCases.stream().filter(UseCaseFile::defaultRoute).findFirst();
    }
}
