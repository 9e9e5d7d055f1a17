package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered the way DynamoDB answers it: an HTTP status and a JSON body with {@code __type} (the SDK maps
 * the part after {@code #} to its exception class) and {@code message}, plus optional extra members such as
 * {@code CancellationReasons} or {@code Item}.
 */
final class DynamoException extends RuntimeException {
    static final String DYNAMO_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    static final String VALIDATE_PREFIX = "com.amazon.coral.validate#";
    static final String CORAL_PREFIX = "com.amazon.coral.service#";

    private final int status;
    private final String type;
    private final ObjectNode extra;

    DynamoException(int status, String type, String message) {
        this(status, type, message, JsonNodeFactory.instance.objectNode());
    }

    DynamoException(int status, String type, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.extra = extra;
    }

    static DynamoException validation(String message) {
        return new DynamoException(400, VALIDATE_PREFIX + "ValidationException", message);
    }

    static DynamoException resourceNotFound(String message) {
        return new DynamoException(400, DYNAMO_PREFIX + "ResourceNotFoundException", message);
    }

    static DynamoException resourceInUse(String message) {
        return new DynamoException(400, DYNAMO_PREFIX + "ResourceInUseException", message);
    }

    static DynamoException conditionalCheckFailed(ObjectNode extra) {
        return new DynamoException(400, DYNAMO_PREFIX + "ConditionalCheckFailedException",
                "The conditional request failed", extra);
    }

    static DynamoException serialization(String message) {
        return new DynamoException(400, CORAL_PREFIX + "SerializationException", message);
    }

    static DynamoException internal(String message) {
        return new DynamoException(500, DYNAMO_PREFIX + "InternalServerError", message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The response body. */
    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", type);
        body.put("message", getMessage());
        body.setAll(extra);
        return body;
    }
}
