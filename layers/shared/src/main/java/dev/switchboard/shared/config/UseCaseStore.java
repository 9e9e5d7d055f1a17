package dev.switchboard.shared.config;

/**
 * Where use cases and number routes come from. The adapter is {@link DynamoUseCaseStore}; both methods may throw
 * an unchecked exception when the store itself is unreachable (the caller turns that into an apology), but never
 * for a bad item.
 */
public interface UseCaseStore {

    /**
     * The use case with this id. A bad attribute falls back to its safe default and is listed in
     * {@link LoadedUseCase#problems()}; an unknown id gives the built-in default use case plus a problem.
     */
    LoadedUseCase load(String useCaseId);

    /** The use case for a called number: {@code ROUTE#{number}}, else {@code ROUTE#default}, else {@code "default"}. */
    String useCaseIdFor(String calledNumber);
}
