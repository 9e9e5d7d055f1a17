package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/** PutItem, GetItem, UpdateItem and DeleteItem. */
final class ItemOperations {
    private static final Set<String> RETURN_VALUES = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
            "UPDATED_NEW");

    private final Tables tables;

    ItemOperations(Tables tables) {
        this.tables = tables;
    }

    ObjectNode putItem(JsonNode request) {
        return write(WriteAction.Kind.PUT, request);
    }

    ObjectNode updateItem(JsonNode request) {
        return write(WriteAction.Kind.UPDATE, request);
    }

    ObjectNode deleteItem(JsonNode request) {
        return write(WriteAction.Kind.DELETE, request);
    }

    private ObjectNode write(WriteAction.Kind kind, JsonNode request) {
        Table table = tables.require(RequestFields.text(request, "TableName"));
        String returnValues = RequestFields.choice(request, "ReturnValues", "NONE", RETURN_VALUES);
        if (kind != WriteAction.Kind.UPDATE && !Set.of("NONE", "ALL_OLD").contains(returnValues)) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        Capacity.Mode mode = Capacity.mode(request);
        WriteAction action = WriteAction.parse(kind, table, request);
        Capacity capacity = new Capacity(table.name());
        Map<String, DynamoValue> existing;
        Map<String, DynamoValue> result;
        Lock lock = table.lock().writeLock();
        lock.lock();
        try {
            existing = table.get(action.key());
            if (!action.conditionHolds(existing)) {
                ObjectNode extra = JsonNodeFactory.instance.objectNode();
                if (action.returnOldOnConditionFailure() && !existing.isEmpty()) {
                    extra.set("Item", ValueJson.writeItem(existing));
                }
                throw DynamoException.conditionalCheckFailed(extra);
            }
            result = action.result(existing);
            action.commit(existing, result, capacity);
        } finally {
            lock.unlock();
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        Map<String, DynamoValue> attributes = switch (returnValues) {
            case "ALL_OLD" -> existing;
            case "ALL_NEW" -> result;
            case "UPDATED_OLD" -> Documents.project(existing, action.updatedPaths());
            case "UPDATED_NEW" -> Documents.project(result, action.updatedPaths());
            default -> Map.of();
        };
        if (!attributes.isEmpty()) {
            response.set("Attributes", ValueJson.writeItem(attributes));
        }
        if (mode != Capacity.Mode.NONE) {
            response.set("ConsumedCapacity", capacity.toJson(mode));
        }
        return response;
    }

    ObjectNode getItem(JsonNode request) {
        Table table = tables.require(RequestFields.text(request, "TableName"));
        Capacity.Mode mode = Capacity.mode(request);
        Map<String, DynamoValue> key = ItemValidation.key(table,
                ValueJson.readItem(RequestFields.node(request, "Key")));
        List<DocumentPath> projection = projection(request);
        boolean consistent = RequestFields.bool(request, "ConsistentRead");
        Map<String, DynamoValue> item;
        Lock lock = table.lock().readLock();
        lock.lock();
        try {
            item = table.get(key);
        } finally {
            lock.unlock();
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (!item.isEmpty()) {
            response.set("Item", ValueJson.writeItem(projection.isEmpty() ? item
                    : Documents.project(item, projection)));
        }
        if (mode != Capacity.Mode.NONE) {
            Capacity capacity = new Capacity(table.name());
            capacity.read(Capacity.readUnits(ItemSize.of(item), consistent));
            response.set("ConsumedCapacity", capacity.toJson(mode));
        }
        return response;
    }

    /**
     * The paths of a request's ProjectionExpression (or legacy AttributesToGet), empty for "everything"; also
     * checks that the request's expression attributes were all used.
     */
    static List<DocumentPath> projection(JsonNode request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        if (RequestFields.has(request, "ProjectionExpression")) {
            if (RequestFields.has(request, "AttributesToGet")) {
                throw DynamoException.validation("Can not use both expression and non-expression parameters in the "
                        + "same request: Non-expression parameters: {AttributesToGet} Expression parameters: "
                        + "{ProjectionExpression}");
            }
            List<DocumentPath> paths = ExpressionParser.projection(request.get("ProjectionExpression").asText(),
                    attributes);
            attributes.requireAllUsed(true);
            return paths;
        }
        attributes.requireAllUsed(false);
        if (RequestFields.has(request, "AttributesToGet")) {
            List<DocumentPath> paths = new ArrayList<>();
            request.get("AttributesToGet").forEach(n -> paths.add(DocumentPath.of(n.asText())));
            return paths;
        }
        return List.of();
    }
}
