package dev.switchboard.shared.tools;

import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.log.Log;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Interim reader of the parts of a use case the tools need ({@code timeZone}, {@code tools}, {@code data}) from
 * the {@code USECASE#{id}} / {@code CONFIG} item, cached for 30 s per container. It stands in until the
 * Foundation's {@code UseCaseStore} is in main; then tool functions use that store and this class goes.
 * An unknown use case reads as one without tools, so every call to it answers {@code unknown_tool}.
 */
public final class DynamoUseCaseSource implements UseCaseSource {

    private static final Duration CACHE = Duration.ofSeconds(30);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public DynamoUseCaseSource(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public UseCase useCase(String useCaseId) {
        Instant now = Instant.now();
        Cached entry = cache.get(useCaseId);
        if (entry != null && now.isBefore(entry.loadedAt().plus(CACHE))) {
            return entry.useCase();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS("USECASE#" + useCaseId), "sk", AttributeValue.fromS("CONFIG")))
                .build()).item();
        UseCase useCase = read(useCaseId, item);
        cache.put(useCaseId, new Cached(useCase, now));
        return useCase;
    }

    static UseCase read(String id, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            Log.warn("config.problem", "useCaseId", id, "attribute", "", "reason", "no item USECASE#" + id + " / CONFIG");
        }
        Map<String, Object> values = item == null ? Map.of() : plainMap(item);
        List<UseCase.ToolSpec> tools = new ArrayList<>();
        if (values.get("tools") instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof Map<?, ?> tool && tool.get("name") instanceof String name) {
                    tools.add(new UseCase.ToolSpec(name, string(tool.get("description")),
                            tool.get("parameters") instanceof Map<?, ?> p ? cast(p) : Map.of(),
                            string(tool.get("function")), string(tool.get("filler"))));
                }
            }
        }
        String zone = string(values.get("timeZone"));
        return new UseCase(id, string(values.get("description")), zone.isEmpty() ? "UTC" : zone, "", Map.of(),
                List.of(), Map.of(), new UseCase.LlmSettings("", 0, 0, 0), tools, List.of(),
                new UseCase.Handoff("hangup", "", "", "", 0), new UseCase.Limits(0, 0, 0),
                new UseCase.SpeechSettings(true, false, ""),
                values.get("data") instanceof Map<?, ?> data ? cast(data) : Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : "";
    }

    private static Map<String, Object> plainMap(Map<String, AttributeValue> item) {
        Map<String, Object> map = new LinkedHashMap<>();
        item.forEach((k, v) -> {
            Object plain = plain(v);
            if (plain != null) {
                map.put(k, plain);
            }
        });
        return map;
    }

    private static Object plain(AttributeValue v) {
        return switch (v.type()) {
            case S -> v.s();
            case N -> new BigDecimal(v.n());
            case BOOL -> v.bool();
            case M -> plainMap(v.m());
            case L -> v.l().stream().map(DynamoUseCaseSource::plain).filter(java.util.Objects::nonNull).toList();
            case SS -> List.copyOf(v.ss());
            default -> null;
        };
    }

    private record Cached(UseCase useCase, Instant loadedAt) {
    }
}
