package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * BatchGetItem and BatchWriteItem. Everything is processed (nothing is ever returned as unprocessed); each item is
 * atomic on its own, the batch is not.
 */
final class BatchOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Tables tables;

    BatchOperations(Tables tables) {
        this.tables = tables;
    }

    ObjectNode batchGetItem(JsonNode request) {
        JsonNode requestItems = RequestFields.node(request, "RequestItems");
        Capacity.Mode mode = Capacity.mode(request);
        int total = 0;
        for (JsonNode t : requestItems) {
            total += t.path("Keys").size();
        }
        if (total > 100) {
            throw DynamoException.validation("Too many items requested for the BatchGetItem call");
        }
        if (requestItems.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        record TableRead(Table table, List<Map<String, DynamoValue>> keys, List<DocumentPath> projection,
                         boolean consistent) {
        }
        List<TableRead> reads = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table table = tables.require(e.getKey());
            List<Map<String, DynamoValue>> keys = new ArrayList<>();
            Set<Map<String, DynamoValue>> seen = new HashSet<>();
            for (JsonNode k : RequestFields.node(e.getValue(), "Keys")) {
                Map<String, DynamoValue> key = ItemValidation.key(table, ValueJson.readItem(k));
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            reads.add(new TableRead(table, keys, ItemOperations.projection(e.getValue()),
                    RequestFields.bool(e.getValue(), "ConsistentRead")));
        }
        ObjectNode response = NODES.objectNode();
        ObjectNode responses = response.putObject("Responses");
        ArrayNode consumed = NODES.arrayNode();
        for (TableRead read : reads) {
            ArrayNode items = responses.putArray(read.table().name());
            Capacity capacity = new Capacity(read.table().name());
            Lock lock = read.table().lock().readLock();
            lock.lock();
            try {
                for (Map<String, DynamoValue> key : read.keys()) {
                    Map<String, DynamoValue> item = read.table().get(key);
                    capacity.read(Capacity.readUnits(ItemSize.of(item), read.consistent()));
                    if (!item.isEmpty()) {
                        items.add(ValueJson.writeItem(read.projection().isEmpty() ? item
                                : Documents.project(item, read.projection())));
                    }
                }
            } finally {
                lock.unlock();
            }
            if (mode != Capacity.Mode.NONE) {
                consumed.add(capacity.toJson(mode));
            }
        }
        response.putObject("UnprocessedKeys");
        if (mode != Capacity.Mode.NONE) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }

    ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = RequestFields.node(request, "RequestItems");
        Capacity.Mode mode = Capacity.mode(request);
        int total = 0;
        for (JsonNode t : requestItems) {
            total += t.size();
        }
        if (total > 25 || requestItems.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
                    + "to 25, Member must have length greater than or equal to 1]");
        }
        Map<Table, List<WriteAction>> actions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table table = tables.require(e.getKey());
            List<WriteAction> list = new ArrayList<>();
            Set<Map<String, DynamoValue>> seen = new HashSet<>();
            for (JsonNode w : e.getValue()) {
                WriteAction action;
                if (RequestFields.has(w, "PutRequest") && !RequestFields.has(w, "DeleteRequest")) {
                    action = WriteAction.parse(WriteAction.Kind.PUT, table, w.get("PutRequest"));
                } else if (RequestFields.has(w, "DeleteRequest") && !RequestFields.has(w, "PutRequest")) {
                    action = WriteAction.parse(WriteAction.Kind.DELETE, table, w.get("DeleteRequest"));
                } else {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of the supported datatypes");
                }
                if (!seen.add(action.key())) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                list.add(action);
            }
            actions.put(table, list);
        }
        ObjectNode response = NODES.objectNode();
        ArrayNode consumed = NODES.arrayNode();
        actions.forEach((table, list) -> {
            Capacity capacity = new Capacity(table.name());
            for (WriteAction action : list) {
                Lock lock = table.lock().writeLock();
                lock.lock();
                try {
                    Map<String, DynamoValue> existing = table.get(action.key());
                    action.commit(existing, action.result(existing), capacity);
                } finally {
                    lock.unlock();
                }
            }
            if (mode != Capacity.Mode.NONE) {
                consumed.add(capacity.toJson(mode));
            }
        });
        response.putObject("UnprocessedItems");
        if (mode != Capacity.Mode.NONE) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }
}
