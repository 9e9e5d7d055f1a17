package dev.switchboard.shared.tools;

import dev.switchboard.shared.config.UseCase;

/**
 * Where tool code gets the use case a tool call belongs to: its tools (JSON Schema, function key), time zone and
 * data. Implementations cache per container; they throw an unchecked exception only when the store itself is
 * unreachable, never for a bad item.
 */
@FunctionalInterface
public interface UseCaseSource {

    UseCase useCase(String useCaseId);
}
