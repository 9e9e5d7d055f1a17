package dev.switchboard.shared.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Caller profiles from {@code CALLER#{number}} / {@code PROFILE} items. Missing attributes read as empty strings. */
public final class DynamoCallerProfileStore implements CallerProfileStore {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoCallerProfileStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<CallerProfile> find(String number) {
        if (number == null || number.isBlank()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName).key(ConfigKeys.caller(number)).build()).item();
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CallerProfile(number, text(item, "name"), text(item, "email"), text(item, "notes"),
                text(item, "language")));
    }

    /** The item a profile is stored as (used by the config command and the local stack). */
    public static Map<String, AttributeValue> toItem(CallerProfile profile) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.caller(profile.number()));
        item.put("number", AttributeValue.fromS(profile.number()));
        put(item, "name", profile.name());
        put(item, "email", profile.email());
        put(item, "notes", profile.notes());
        put(item, "language", profile.language());
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return "";
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        return value.bool() != null ? value.bool().toString() : "";
    }
}
