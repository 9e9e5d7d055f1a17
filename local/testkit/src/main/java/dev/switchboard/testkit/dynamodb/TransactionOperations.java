package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TransactWriteItems (all-or-nothing, TransactionCanceledException with one CancellationReason per action,
 * ClientRequestToken idempotency for ten minutes) and TransactGetItems. The tables involved are locked in name order,
 * so transactions never deadlock.
 */
final class TransactionOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, WriteAction.Kind> KINDS = Map.of("Put", WriteAction.Kind.PUT,
            "Update", WriteAction.Kind.UPDATE, "Delete", WriteAction.Kind.DELETE,
            "ConditionCheck", WriteAction.Kind.CHECK);

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final Tables tables;
    private final Map<String, Committed> committedTokens = new ConcurrentHashMap<>();

    /** A committed transaction's ClientRequestToken: what it carried and when. */
    private record Committed(String transactItems, Instant at) {
    }

    TransactionOperations(Tables tables) {
        this.tables = tables;
    }

    private record TableKey(String table, Map<String, DynamoValue> key) {
    }

    ObjectNode transactWriteItems(JsonNode request) {
        JsonNode items = RequestFields.node(request, "TransactItems");
        checkCount(items);
        Capacity.Mode mode = Capacity.mode(request);
        String token = RequestFields.text(request, "ClientRequestToken", "");
        Instant now = Instant.now();
        committedTokens.values().removeIf(c -> c.at().plus(TOKEN_LIFETIME).isBefore(now));
        Committed previous = token.isEmpty() ? null : committedTokens.get(token);
        if (previous != null) {
            if (!previous.transactItems().equals(items.toString())) {
                throw new DynamoException(400, DynamoException.DYNAMO_PREFIX + "IdempotentParameterMismatchException",
                        "Request token was already used with different parameters");
            }
            return NODES.objectNode();
        }
        List<WriteAction> actions = new ArrayList<>();
        Set<TableKey> targets = new HashSet<>();
        for (JsonNode element : items) {
            List<String> present = new ArrayList<>();
            element.fieldNames().forEachRemaining(f -> {
                if (KINDS.containsKey(f) && !element.get(f).isNull()) {
                    present.add(f);
                }
            });
            if (present.size() != 1) {
                throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            JsonNode body = element.get(present.get(0));
            Table table = tables.require(RequestFields.text(body, "TableName"));
            WriteAction action = WriteAction.parse(KINDS.get(present.get(0)), table, body);
            if (!targets.add(new TableKey(table.name(), action.key()))) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }
        List<Table> locked = lockOrder(actions.stream().map(WriteAction::table).toList());
        locked.forEach(t -> t.lock().writeLock().lock());
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        try {
            List<Map<String, DynamoValue>> existing = new ArrayList<>();
            List<Map<String, DynamoValue>> results = new ArrayList<>();
            ArrayNode reasons = NODES.arrayNode();
            List<String> codes = new ArrayList<>();
            boolean failed = false;
            for (WriteAction action : actions) {
                Map<String, DynamoValue> current = action.table().get(action.key());
                existing.add(current);
                ObjectNode reason = NODES.objectNode();
                Map<String, DynamoValue> result = current;
                if (!action.conditionHolds(current)) {
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if (action.returnOldOnConditionFailure() && !current.isEmpty()) {
                        reason.set("Item", ValueJson.writeItem(current));
                    }
                    failed = true;
                } else {
                    try {
                        result = action.result(current);
                        reason.put("Code", "None");
                    } catch (DynamoException e) {
                        reason.put("Code", "ValidationError");
                        reason.put("Message", e.getMessage());
                        failed = true;
                    }
                }
                codes.add(reason.get("Code").asText());
                reasons.add(reason);
                results.add(result);
            }
            if (failed) {
                ObjectNode extra = NODES.objectNode();
                extra.set("CancellationReasons", reasons);
                throw new DynamoException(400, DynamoException.DYNAMO_PREFIX + "TransactionCanceledException",
                        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes,
                        extra);
            }
            for (int i = 0; i < actions.size(); i++) {
                WriteAction action = actions.get(i);
                Capacity capacity = capacities.computeIfAbsent(action.table().name(), Capacity::new);
                action.commit(existing.get(i), results.get(i), capacity);
            }
            if (!token.isEmpty()) {
                committedTokens.put(token, new Committed(items.toString(), now));
            }
        } finally {
            locked.forEach(t -> t.lock().writeLock().unlock());
        }
        ObjectNode response = NODES.objectNode();
        if (mode != Capacity.Mode.NONE) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            capacities.values().forEach(c -> {
                c.scale(2);
                consumed.add(c.toTransactionJson(mode));
            });
        }
        return response;
    }

    ObjectNode transactGetItems(JsonNode request) {
        JsonNode items = RequestFields.node(request, "TransactItems");
        checkCount(items);
        Capacity.Mode mode = Capacity.mode(request);
        record Read(Table table, Map<String, DynamoValue> key, List<DocumentPath> projection) {
        }
        List<Read> reads = new ArrayList<>();
        for (JsonNode element : items) {
            JsonNode get = RequestFields.node(element, "Get");
            Table table = tables.require(RequestFields.text(get, "TableName"));
            Map<String, DynamoValue> key = ItemValidation.key(table,
                    ValueJson.readItem(RequestFields.node(get, "Key")));
            reads.add(new Read(table, key, ItemOperations.projection(get)));
        }
        List<Table> locked = lockOrder(reads.stream().map(Read::table).toList());
        locked.forEach(t -> t.lock().readLock().lock());
        ObjectNode response = NODES.objectNode();
        ArrayNode responses = response.putArray("Responses");
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        try {
            for (Read read : reads) {
                Map<String, DynamoValue> item = read.table().get(read.key());
                capacities.computeIfAbsent(read.table().name(), Capacity::new)
                        .read(2 * Capacity.readUnits(ItemSize.of(item), true));
                ObjectNode out = responses.addObject();
                if (!item.isEmpty()) {
                    out.set("Item", ValueJson.writeItem(read.projection().isEmpty() ? item
                            : Documents.project(item, read.projection())));
                }
            }
        } finally {
            locked.forEach(t -> t.lock().readLock().unlock());
        }
        if (mode != Capacity.Mode.NONE) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            capacities.values().forEach(c -> consumed.add(c.toTransactionJson(mode)));
        }
        return response;
    }

    private static void checkCount(JsonNode items) {
        if (items.isEmpty() || items.size() > 100) {
            throw DynamoException.validation("1 validation error detected: Value '" + items.size() + "' at "
                    + "'transactItems' failed to satisfy constraint: Member must have length less than or equal to "
                    + "100, Member must have length greater than or equal to 1");
        }
    }

    /** Distinct tables in name order, the one order every transaction locks in. */
    private static List<Table> lockOrder(List<Table> tables) {
        Map<String, Table> byName = new TreeMap<>(Comparator.naturalOrder());
        tables.forEach(t -> byName.put(t.name(), t));
        return List.copyOf(byName.values());
    }
}
