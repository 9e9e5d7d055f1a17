package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request, recording which
 * placeholders the request's expressions used so that unused ones can be rejected as DynamoDB does.
 */
final class ExpressionAttributes {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, DynamoValue> values = new LinkedHashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();
    private final boolean namesGiven;
    private final boolean valuesGiven;

    ExpressionAttributes(JsonNode namesNode, JsonNode valuesNode) {
        namesGiven = namesNode != null && !namesNode.isNull();
        valuesGiven = valuesNode != null && !valuesNode.isNull();
        if (namesGiven) {
            if (namesNode.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeNames must not be empty");
            }
            namesNode.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        }
        if (valuesGiven) {
            if (valuesNode.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeValues must not be empty");
            }
            values.putAll(ValueJson.readItem(valuesNode));
        }
    }

    static ExpressionAttributes of(JsonNode request) {
        return new ExpressionAttributes(request.get("ExpressionAttributeNames"),
                request.get("ExpressionAttributeValues"));
    }

    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name == null) {
            throw DynamoException.validation(
                    "An expression attribute name used in the document path is not defined; attribute name: "
                            + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    DynamoValue value(String placeholder) {
        DynamoValue value = values.get(placeholder);
        if (value == null) {
            throw DynamoException.validation(
                    "An expression attribute value used in expression is not defined; attribute value: "
                            + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Called once all of a request's expressions are parsed. */
    void requireAllUsed(boolean anyExpression) {
        if (!anyExpression) {
            if (namesGiven) {
                throw DynamoException.validation(
                        "ExpressionAttributeNames can only be specified when using expressions");
            }
            if (valuesGiven) {
                throw DynamoException.validation(
                        "ExpressionAttributeValues can only be specified when using expressions: "
                                + "ConditionExpression, FilterExpression, KeyConditionExpression and "
                                + "UpdateExpression are null");
            }
            return;
        }
        Set<String> unusedNames = new LinkedHashSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: "
                    + "keys: {" + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new LinkedHashSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: "
                    + "keys: {" + String.join(", ", unusedValues) + "}");
        }
    }
}
