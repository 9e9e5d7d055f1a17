package dev.switchboard.testkit.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A global or local secondary index: its key and which attributes it projects. */
record SecondaryIndex(String name, boolean global, KeySchema keySchema, String projectionType,
                      List<String> nonKeyAttributes) {

    SecondaryIndex {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    /** The index entry for an item: what a Query on the index can return. */
    Map<String, DynamoValue> project(Map<String, DynamoValue> item, KeySchema tableKey) {
        if (projectionType.equals("ALL")) {
            return item;
        }
        Map<String, DynamoValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, DynamoValue> e : item.entrySet()) {
            String name = e.getKey();
            if (tableKey.isKey(name) || keySchema.isKey(name)
                    || projectionType.equals("INCLUDE") && nonKeyAttributes.contains(name)) {
                out.put(name, e.getValue());
            }
        }
        return out;
    }
}
