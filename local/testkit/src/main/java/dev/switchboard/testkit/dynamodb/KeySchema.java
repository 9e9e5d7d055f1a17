package dev.switchboard.testkit.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table's or index's key: a hash attribute and an optional range attribute, each S, N or B. */
record KeySchema(List<KeyAttribute> attributes) {

    record KeyAttribute(String name, String type) {
    }

    KeySchema {
        attributes = List.copyOf(attributes);
    }

    KeyAttribute hash() {
        return attributes.get(0);
    }

    Optional<KeyAttribute> range() {
        return attributes.size() > 1 ? Optional.of(attributes.get(1)) : Optional.empty();
    }

    boolean isKey(String attributeName) {
        return attributes.stream().anyMatch(a -> a.name().equals(attributeName));
    }

    /** True when the item has every key attribute with its declared type (so it belongs in an index). */
    boolean indexes(Map<String, DynamoValue> item) {
        for (KeyAttribute a : attributes) {
            DynamoValue v = item.get(a.name());
            if (v == null || !v.type().equals(a.type())) {
                return false;
            }
        }
        return true;
    }

    /** The key attributes of an item. */
    Map<String, DynamoValue> keyOf(Map<String, DynamoValue> item) {
        Map<String, DynamoValue> key = new LinkedHashMap<>();
        for (KeyAttribute a : attributes) {
            DynamoValue v = item.get(a.name());
            if (v != null) {
                key.put(a.name(), v);
            }
        }
        return key;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        attributes.forEach(a -> names.add(a.name()));
        return names;
    }
}
