package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Typed access to request members, with DynamoDB's validation messages. */
final class RequestFields {
    private RequestFields() {
    }

    static boolean has(JsonNode request, String field) {
        JsonNode v = request.get(field);
        return v != null && !v.isNull();
    }

    static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + camel(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    static String text(JsonNode request, String field, String fallback) {
        return has(request, field) ? request.get(field).asText() : fallback;
    }

    static String choice(JsonNode request, String field, String fallback, Set<String> allowed) {
        String value = text(request, field, fallback);
        if (!allowed.contains(value)) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at '"
                    + camel(field) + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + allowed);
        }
        return value;
    }

    static boolean bool(JsonNode request, String field) {
        return has(request, field) && request.get(field).asBoolean();
    }

    static JsonNode node(JsonNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + camel(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    /** Rejects the pre-2014 parameters this server does not implement. */
    static void rejectLegacy(JsonNode request, String... fields) {
        for (String field : fields) {
            if (has(request, field)) {
                throw DynamoException.validation(
                        field + " is not supported by LocalDynamoDb; use the expression parameters instead");
            }
        }
    }

    static String camel(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
