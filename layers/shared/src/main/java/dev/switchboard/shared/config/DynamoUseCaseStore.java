package dev.switchboard.shared.config;

import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Use cases and routes from the single table (items converted by {@link UseCaseMapper}), cached per container for a short time (default
 * {@value #DEFAULT_CACHE_SECONDS} s) so that a console edit applies to the next calls within seconds without a
 * DynamoDB read on every invocation. When DynamoDB fails and a stale entry exists, the stale entry is served (and a
 * warning logged); without one the SDK exception propagates.
 */
public final class DynamoUseCaseStore implements UseCaseStore {

    public static final int DEFAULT_CACHE_SECONDS = 30;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration cacheTtl;
    private final InstantSource clock;
    private final Map<String, Cached<LoadedUseCase>> useCases = new ConcurrentHashMap<>();
    private final Map<String, Cached<String>> routes = new ConcurrentHashMap<>();

    public DynamoUseCaseStore(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Duration.ofSeconds(DEFAULT_CACHE_SECONDS), InstantSource.system());
    }

    public DynamoUseCaseStore(DynamoDbClient dynamoDb, String tableName, Duration cacheTtl, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public LoadedUseCase load(String useCaseId) {
        if (useCaseId == null || useCaseId.isBlank()) {
            return new LoadedUseCase(DefaultUseCase.useCase(),
                    List.of(new ConfigProblem("", "id", "no use case id given; using the built-in default use case")));
        }
        return cached(useCases, useCaseId, () -> fetchUseCase(useCaseId));
    }

    @Override
    public String useCaseIdFor(String calledNumber) {
        String number = calledNumber == null || calledNumber.isBlank() ? ConfigKeys.DEFAULT_ROUTE : calledNumber;
        return cached(routes, number, () -> fetchRoute(number));
    }

    private LoadedUseCase fetchUseCase(String id) {
        return UseCaseMapper.useCase(id, get(ConfigKeys.useCase(id)));
    }

    private String fetchRoute(String number) {
        String routed = UseCaseMapper.routedId(get(ConfigKeys.route(number)));
        if (!routed.isEmpty()) {
            return routed;
        }
        if (!ConfigKeys.DEFAULT_ROUTE.equals(number)) {
            return useCaseIdFor(ConfigKeys.DEFAULT_ROUTE);
        }
        return DefaultUseCase.ID;
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        return dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(key).build()).item();
    }

    private <T> T cached(Map<String, Cached<T>> cache, String key, Supplier<T> fetch) {
        Instant now = clock.instant();
        Cached<T> entry = cache.get(key);
        if (entry != null && now.isBefore(entry.loadedAt().plus(cacheTtl))) {
            return entry.value();
        }
        try {
            T value = fetch.get();
            cache.put(key, new Cached<>(value, now));
            return value;
        } catch (SdkException e) {
            if (entry == null) {
                throw e;
            }
            Log.warn("config.stale", "key", key, "errorType", e.getClass().getSimpleName(),
                    "ageSeconds", Duration.between(entry.loadedAt(), now).toSeconds());
            return entry.value();
        }
    }

    private record Cached<T>(T value, Instant loadedAt) {
    }
}
