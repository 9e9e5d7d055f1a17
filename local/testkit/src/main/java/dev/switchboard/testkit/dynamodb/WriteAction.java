package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import dev.switchboard.testkit.dynamodb.Expression.Update;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One parsed and validated write (Put, Update, Delete or ConditionCheck), ready to run against the current item
 * while the caller holds the table's write lock. Shared by the single-item operations, BatchWriteItem and
 * TransactWriteItems.
 */
final class WriteAction {
    enum Kind { PUT, UPDATE, DELETE, CHECK }

    private final Kind kind;
    private final Table table;
    private final Map<String, DynamoValue> key;
    private final Map<String, DynamoValue> item;
    private final Condition condition;
    private final Update update;
    private final boolean returnOldOnConditionFailure;

    private WriteAction(Kind kind, Table table, Map<String, DynamoValue> key, Map<String, DynamoValue> item,
                        Condition condition, Update update, boolean returnOldOnConditionFailure) {
        this.kind = kind;
        this.table = table;
        this.key = key;
        this.item = item;
        this.condition = condition;
        this.update = update;
        this.returnOldOnConditionFailure = returnOldOnConditionFailure;
    }

    /** Parses a PutItem/UpdateItem/DeleteItem/ConditionCheck request (or transaction element) of {@code kind}. */
    static WriteAction parse(Kind kind, Table table, JsonNode request) {
        RequestFields.rejectLegacy(request, "Expected", "ConditionalOperator", "AttributeUpdates");
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Map<String, DynamoValue> item = Map.of();
        Map<String, DynamoValue> key;
        if (kind == Kind.PUT) {
            item = ValueJson.readItem(RequestFields.node(request, "Item"));
            ItemValidation.item(table, item);
            key = table.keySchema().keyOf(item);
        } else {
            key = ItemValidation.key(table, ValueJson.readItem(RequestFields.node(request, "Key")));
        }
        Condition condition = null;
        boolean anyExpression = false;
        if (RequestFields.has(request, "ConditionExpression")) {
            condition = ExpressionParser.condition(request.get("ConditionExpression").asText(),
                    "ConditionExpression", attributes);
            anyExpression = true;
        } else if (kind == Kind.CHECK) {
            RequestFields.text(request, "ConditionExpression");
        }
        Update update = null;
        if (kind == Kind.UPDATE && RequestFields.has(request, "UpdateExpression")) {
            update = ExpressionParser.update(request.get("UpdateExpression").asText(), attributes);
            anyExpression = true;
            for (DocumentPath path : update.paths()) {
                if (table.keySchema().isKey(path.root())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                            + "attribute " + path.root() + ". This attribute is part of the key");
                }
            }
        }
        attributes.requireAllUsed(anyExpression);
        boolean returnOld = RequestFields.choice(request, "ReturnValuesOnConditionCheckFailure", "NONE",
                Set.of("ALL_OLD", "NONE")).equals("ALL_OLD");
        return new WriteAction(kind, table, key, item, condition, update, returnOld);
    }

    Kind kind() {
        return kind;
    }

    Table table() {
        return table;
    }

    Map<String, DynamoValue> key() {
        return key;
    }

    /** The update's paths (for UPDATED_OLD / UPDATED_NEW), empty for other kinds. */
    List<DocumentPath> updatedPaths() {
        return update == null ? List.of() : update.paths();
    }

    boolean returnOldOnConditionFailure() {
        return returnOldOnConditionFailure;
    }

    /** True if there is no condition or it holds for {@code existing} (empty map: no item). */
    boolean conditionHolds(Map<String, DynamoValue> existing) {
        return condition == null || ConditionEvaluator.test(condition, existing);
    }

    /** The item after this write (an empty map after a delete); validates size and keys. */
    Map<String, DynamoValue> result(Map<String, DynamoValue> existing) {
        return switch (kind) {
            case PUT -> item;
            case DELETE -> Map.of();
            case CHECK -> existing;
            case UPDATE -> {
                Map<String, DynamoValue> base = existing.isEmpty() ? key : existing;
                Map<String, DynamoValue> updated = update == null ? base : UpdateApplier.apply(update, base);
                ItemValidation.item(table, updated);
                yield updated;
            }
        };
    }

    /** Stores {@code result} (holding the write lock) and adds the write's cost to {@code capacity}. */
    void commit(Map<String, DynamoValue> existing, Map<String, DynamoValue> result, Capacity capacity) {
        if (kind == Kind.CHECK) {
            capacity.write(Capacity.writeUnits(ItemSize.of(existing)));
            return;
        }
        if (result.isEmpty()) {
            table.delete(key);
        } else {
            table.put(result);
        }
        capacity.write(Capacity.writeUnits(Math.max(ItemSize.of(existing), ItemSize.of(result))));
        KeySchema tableKey = table.keySchema();
        for (SecondaryIndex index : table.indexes()) {
            Map<String, DynamoValue> before = index.keySchema().indexes(existing)
                    ? index.project(existing, tableKey) : Map.of();
            Map<String, DynamoValue> after = index.keySchema().indexes(result)
                    ? index.project(result, tableKey) : Map.of();
            if (before.equals(after)) {
                continue;
            }
            double units;
            if (before.isEmpty() || after.isEmpty()) {
                units = Capacity.writeUnits(ItemSize.of(before.isEmpty() ? after : before));
            } else if (!Objects.equals(index.keySchema().keyOf(before), index.keySchema().keyOf(after))) {
                units = Capacity.writeUnits(ItemSize.of(before)) + Capacity.writeUnits(ItemSize.of(after));
            } else {
                units = Capacity.writeUnits(Math.max(ItemSize.of(before), ItemSize.of(after)));
            }
            capacity.indexWrite(index, units);
        }
    }
}
