package dev.switchboard.shared.config;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts caller profiles to and from {@code CALLER#{number}} / {@code PROFILE} items. Missing attributes read as
 * empty strings; empty fields are not written. {@link DynamoCallerProfileStore} does the reads; the config command
 * and the local stack write with {@link #toItem}.
 */
public final class CallerProfileMapper {

    private CallerProfileMapper() {
    }

    public static Map<String, AttributeValue> toItem(CallerProfile profile) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.caller(profile.number()));
        item.put("number", AttributeValue.fromS(profile.number()));
        put(item, "name", profile.name());
        put(item, "email", profile.email());
        put(item, "notes", profile.notes());
        put(item, "language", profile.language());
        return item;
    }

    public static CallerProfile fromItem(String number, Map<String, AttributeValue> item) {
        return new CallerProfile(number, text(item, "name"), text(item, "email"), text(item, "notes"),
                text(item, "language"));
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
