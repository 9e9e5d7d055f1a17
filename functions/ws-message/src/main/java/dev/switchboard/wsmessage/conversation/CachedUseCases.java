package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.DefaultUseCase;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Use cases for the message path, kept off the prompt's critical path: once this container has loaded a use case
 * it answers from memory and refreshes it in the background when it is older than {@code refreshAfter}, so console
 * edits still apply within seconds. Only the very first frame of a use case in a container waits for the store.
 * A store failure serves the last good copy, else the built-in default use case.
 */
public final class CachedUseCases {

    public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofSeconds(20);

    private final UseCaseStore store;
    private final Executor refresher;
    private final InstantSource clock;
    private final Duration refreshAfter;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CachedUseCases(UseCaseStore store, Executor refresher, InstantSource clock, Duration refreshAfter) {
        this.store = store;
        this.refresher = refresher;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
    }

    /** The use case; never throws. */
    public UseCase get(String useCaseId) {
        String id = useCaseId == null || useCaseId.isBlank() ? DefaultUseCase.ID : useCaseId;
        Entry entry = entries.get(id);
        if (entry == null) {
            return load(id).useCase();
        }
        if (Duration.between(entry.loadedAt(), clock.instant()).compareTo(refreshAfter) > 0 && entry.claimRefresh()) {
            refresher.execute(() -> load(id));
        }
        return entry.useCase();
    }

    /** The use case id for a called number, the default one when the lookup fails. */
    public String idFor(String calledNumber) {
        try {
            return store.useCaseIdFor(calledNumber);
        } catch (RuntimeException e) {
            Log.error("usecase.route_failed", e);
            return DefaultUseCase.ID;
        }
    }

    private LoadedUseCase load(String id) {
        try {
            LoadedUseCase loaded = store.load(id);
            if (!loaded.isClean()) {
                ConfigProblem.log(loaded.problems());
            }
            entries.put(id, new Entry(loaded.useCase(), clock.instant()));
            return loaded;
        } catch (RuntimeException e) {
            Log.error("usecase.load_failed", e, "useCase", id);
            Entry old = entries.get(id);
            if (old != null) {
                entries.put(id, new Entry(old.useCase(), clock.instant()));
                return LoadedUseCase.clean(old.useCase());
            }
            return LoadedUseCase.clean(DefaultUseCase.useCase());
        }
    }

    private static final class Entry {
        private final UseCase useCase;
        private final Instant loadedAt;
        private volatile boolean refreshing;

        Entry(UseCase useCase, Instant loadedAt) {
            this.useCase = useCase;
            this.loadedAt = loadedAt;
        }

        UseCase useCase() {
            return useCase;
        }

        Instant loadedAt() {
            return loadedAt;
        }

        synchronized boolean claimRefresh() {
            if (refreshing) {
                return false;
            }
            refreshing = true;
            return true;
        }
    }
}
