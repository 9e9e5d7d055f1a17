package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered the way DynamoDB answers it: an HTTP status and a JSON body with {@code __type} (the SDK maps
 * the part after {@code #} to its exception class) and {@code message}.
 */
final class DynamoException extends RuntimeException {
    static final String DYNAMO_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    static final String CORAL_PREFIX = "com.amazon.coral.service#";

    private final int status;
    private final String type;

    DynamoException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static DynamoException validation(String message) {
        return new DynamoException(400, "com.amazon.coral.validate#ValidationException", message);
    }

    static DynamoException resourceNotFound() {
        return new DynamoException(400, DYNAMO_PREFIX + "ResourceNotFoundException", "Requested resource not found");
    }

    static DynamoException resourceInUse(String message) {
        return new DynamoException(400, DYNAMO_PREFIX + "ResourceInUseException", message);
    }

    static DynamoException conditionalCheckFailed() {
        return new DynamoException(400, DYNAMO_PREFIX + "ConditionalCheckFailedException",
                "The conditional request failed");
    }

    static DynamoException unknownOperation(String message) {
        return new DynamoException(400, CORAL_PREFIX + "UnknownOperationException", message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    ObjectNode body() {
        return JsonNodeFactory.instance.objectNode().put("__type", type).put("message", getMessage());
    }
}
