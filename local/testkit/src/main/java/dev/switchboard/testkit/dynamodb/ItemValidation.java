package dev.switchboard.testkit.dynamodb;

import java.util.Map;

/** DynamoDB's checks on keys and items, with its messages. */
final class ItemValidation {
    private ItemValidation() {
    }

    /** Checks a {@code Key} member: exactly the table's key attributes, right types, no empty values. */
    static Map<String, DynamoValue> key(Table table, Map<String, DynamoValue> key) {
        KeySchema schema = table.keySchema();
        if (key.size() != schema.attributes().size()) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        for (KeySchema.KeyAttribute a : schema.attributes()) {
            DynamoValue v = key.get(a.name());
            if (v == null || !v.type().equals(a.type())) {
                throw DynamoException.validation("The provided key element does not match the schema");
            }
            checkKeyValue(a, v, a == schema.hash());
        }
        return key;
    }

    /** Checks a whole item to be written. */
    static void item(Table table, Map<String, DynamoValue> item) {
        KeySchema schema = table.keySchema();
        for (KeySchema.KeyAttribute a : schema.attributes()) {
            DynamoValue v = item.get(a.name());
            if (v == null) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: Missing the key " + a.name() + " in the item");
            }
            if (!v.type().equals(a.type())) {
                throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + a.name() + " expected: " + a.type() + " actual: " + v.type());
            }
            checkKeyValue(a, v, a == schema.hash());
        }
        for (SecondaryIndex index : table.indexes()) {
            for (KeySchema.KeyAttribute a : index.keySchema().attributes()) {
                DynamoValue v = item.get(a.name());
                if (v == null || schema.isKey(a.name())) {
                    continue;
                }
                if (!v.type().equals(a.type())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for "
                            + "Index Key " + a.name() + " Expected: " + a.type() + " Actual: " + v.type()
                            + " IndexName: " + index.name());
                }
                if (isEmpty(v)) {
                    throw DynamoException.validation("One or more parameter values are not valid. A value specified "
                            + "for a secondary index key is not supported. The AttributeValue for a key attribute "
                            + "cannot contain an empty " + (v instanceof DynamoValue.S ? "string" : "binary")
                            + " value. IndexName: " + index.name() + ", IndexKey: " + a.name());
                }
            }
        }
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
            throw DynamoException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static void checkKeyValue(KeySchema.KeyAttribute a, DynamoValue v, boolean hash) {
        if (isEmpty(v)) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty " + (v instanceof DynamoValue.S ? "string" : "binary")
                    + " value. Key: " + a.name());
        }
        long size = ItemSize.of(v);
        if (hash && size > 2048) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of hashkey has "
                    + "exceeded the maximum size limit of2048 bytes");
        }
        if (!hash && size > 1024) {
            throw DynamoException.validation("One or more parameter values were invalid: Aggregated size of all "
                    + "range keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static boolean isEmpty(DynamoValue v) {
        return v instanceof DynamoValue.S s && s.value().isEmpty()
                || v instanceof DynamoValue.B b && b.value().length() == 0;
    }
}
