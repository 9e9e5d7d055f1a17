package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operations Switchboard uses: CreateTable, DescribeTable, ListTables, UpdateTimeToLive, DescribeTimeToLive,
 * PutItem, GetItem, UpdateItem and Query, each with the members the product sends. A member LocalDynamoDb does not
 * implement is a ValidationException, so a test cannot silently rely on something it ignores.
 */
final class Operations {
    /** What an operation answers, and the capacity units it consumed by DynamoDB's rules (zero for table calls). */
    record Result(ObjectNode body, double capacityUnits) {}

    static final long PAGE_BYTES = 1024 * 1024;
    private static final Set<String> ITEM_MEMBERS = Set.of("TableName", "ExpressionAttributeNames",
            "ExpressionAttributeValues", "ReturnConsumedCapacity");

    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private volatile Duration creating;

    Operations(Duration creating) {
        this.creating = creating;
    }

    void creating(Duration creating) {
        this.creating = creating;
    }

    Result createTable(JsonNode request) {
        members(request, "CreateTable", Set.of("TableName", "AttributeDefinitions", "KeySchema", "BillingMode",
                "ProvisionedThroughput"));
        String name = text(request, "TableName");
        if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at 'tableName' "
                    + "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        Map<String, String> types = new LinkedHashMap<>();
        request.path("AttributeDefinitions").forEach(d -> types.put(d.path("AttributeName").asText(),
                d.path("AttributeType").asText()));
        List<Table.Key> keys = new ArrayList<>();
        JsonNode schema = request.path("KeySchema");
        for (int i = 0; i < schema.size(); i++) {
            String attribute = schema.get(i).path("AttributeName").asText();
            if (!schema.get(i).path("KeyType").asText().equals(i == 0 ? "HASH" : "RANGE") || i > 1) {
                throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
            }
            keys.add(new Table.Key(attribute, types.getOrDefault(attribute, "")));
        }
        if (keys.isEmpty() || !types.keySet().equals(new HashSet<>(keys.stream().map(Table.Key::name).toList()))
                || !types.values().stream().allMatch(Set.of("S", "N", "B")::contains)) {
            throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes "
                    + "are not defined in AttributeDefinitions. Keys: " + keys + ", AttributeDefinitions: " + types);
        }
        String mode = request.path("BillingMode").asText("PROVISIONED");
        if (mode.equals("PROVISIONED") != request.has("ProvisionedThroughput")) {
            throw DynamoException.validation("One or more parameter values were invalid: ProvisionedThroughput "
                    + "must be given when BillingMode is PROVISIONED, and only then");
        }
        Table.Key hash = keys.get(0);
        Table.Key range = keys.size() > 1 ? keys.get(1) : null;
        Table table = new Table(name, hash, range, Table.definition(name, request, hash, range), creating);
        if (tables.putIfAbsent(name, table) != null) {
            throw DynamoException.resourceInUse("Table already exists: " + name);
        }
        ObjectNode description = table.describe().put("TableStatus", "CREATING");
        return result(Values.NODES.objectNode().set("TableDescription", description));
    }

    Result describeTable(JsonNode request) {
        members(request, "DescribeTable", Set.of("TableName"));
        return result(Values.NODES.objectNode().set("Table", table(request, false).describe()));
    }

    Result listTables(JsonNode request) {
        members(request, "ListTables", Set.of());
        ObjectNode response = Values.NODES.objectNode();
        ArrayNode names = response.putArray("TableNames");
        new TreeSet<>(tables.keySet()).forEach(names::add);
        return result(response);
    }

    Result updateTimeToLive(JsonNode request) {
        members(request, "UpdateTimeToLive", Set.of("TableName", "TimeToLiveSpecification"));
        Table table = table(request, false);
        if (!table.active()) {
            throw DynamoException.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + "created: " + table.name());
        }
        JsonNode spec = request.path("TimeToLiveSpecification");
        boolean enable = spec.path("Enabled").asBoolean();
        String attribute = text(spec, "AttributeName");
        if (enable == !table.ttlAttribute().isEmpty()) {
            throw DynamoException.validation("TimeToLive is already " + (enable ? "enabled" : "disabled"));
        }
        table.ttlAttribute(enable ? attribute : "");
        ObjectNode response = Values.NODES.objectNode();
        response.putObject("TimeToLiveSpecification").put("Enabled", enable).put("AttributeName", attribute);
        return result(response);
    }

    Result describeTimeToLive(JsonNode request) {
        members(request, "DescribeTimeToLive", Set.of("TableName"));
        String attribute = table(request, false).ttlAttribute();
        ObjectNode response = Values.NODES.objectNode();
        ObjectNode description = response.putObject("TimeToLiveDescription")
                .put("TimeToLiveStatus", attribute.isEmpty() ? "DISABLED" : "ENABLED");
        if (!attribute.isEmpty()) {
            description.put("AttributeName", attribute);
        }
        return result(response);
    }

    Result putItem(JsonNode request) {
        itemMembers(request, "PutItem", "Item", "ConditionExpression", "ReturnValues");
        Table table = table(request, true);
        ObjectNode item = Values.map(request.get("Item"));
        table.checkKey(item);
        Values.checkSize(item);
        if (!request.path("ReturnValues").asText("NONE").equals("NONE")) {
            throw DynamoException.validation("LocalDynamoDb supports only ReturnValues NONE on PutItem");
        }
        Expressions.Placeholders placeholders = new Expressions.Placeholders(request);
        Predicate<ObjectNode> condition = condition(request, placeholders);
        return table.locked(() -> {
            ObjectNode old = table.get(item);
            check(condition, old);
            table.put(item);
            return metered(request, table, Values.NODES.objectNode(), writeUnits(old, item));
        });
    }

    Result getItem(JsonNode request) {
        itemMembers(request, "GetItem", "Key", "ConsistentRead", "ProjectionExpression");
        Table table = table(request, true);
        ObjectNode key = table.key(Values.map(request.get("Key")));
        Expressions.Placeholders placeholders = new Expressions.Placeholders(request);
        List<List<String>> projection = request.has("ProjectionExpression")
                ? Expressions.projection(text(request, "ProjectionExpression"), placeholders) : null;
        placeholders.requireAllUsed();
        ObjectNode item = table.locked(() -> Optional.ofNullable(table.get(key)).map(ObjectNode::deepCopy).orElse(null));
        ObjectNode response = Values.NODES.objectNode();
        if (item != null) {
            response.set("Item", projection == null ? item : Values.project(item, projection));
        }
        return metered(request, table, response, readUnits(item == null ? 0 : Values.size(item), request));
    }

    Result updateItem(JsonNode request) {
        itemMembers(request, "UpdateItem", "Key", "UpdateExpression", "ConditionExpression", "ReturnValues");
        Table table = table(request, true);
        ObjectNode key = table.key(Values.map(request.get("Key")));
        Expressions.Placeholders placeholders = new Expressions.Placeholders(request);
        Expressions.Update update = request.has("UpdateExpression")
                ? Expressions.update(text(request, "UpdateExpression"), placeholders, table.keyNames())
                : new Expressions.Update(List.of(), ObjectNode::deepCopy);
        Predicate<ObjectNode> condition = condition(request, placeholders);
        String returnValues = request.path("ReturnValues").asText("NONE");
        if (!Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW").contains(returnValues)) {
            throw DynamoException.validation("1 validation error detected: Value '" + returnValues + "' at "
                    + "'returnValues' failed to satisfy constraint");
        }
        return table.locked(() -> {
            ObjectNode old = table.get(key);
            check(condition, old);
            ObjectNode item = update.apply().apply(old == null ? key.deepCopy() : old);
            Values.checkSize(item);
            table.put(item);
            ObjectNode before = old == null ? Values.NODES.objectNode() : old;
            ObjectNode attributes = switch (returnValues) {
                case "ALL_OLD" -> before;
                case "UPDATED_OLD" -> Values.project(before, update.paths());
                case "ALL_NEW" -> item;
                case "UPDATED_NEW" -> Values.project(item, update.paths());
                default -> Values.NODES.objectNode();
            };
            ObjectNode response = Values.NODES.objectNode();
            if (!attributes.isEmpty()) {
                response.set("Attributes", attributes.deepCopy());
            }
            return metered(request, table, response, writeUnits(old, item));
        });
    }

    Result query(JsonNode request) {
        itemMembers(request, "Query", "KeyConditionExpression", "ScanIndexForward", "Limit", "ExclusiveStartKey",
                "ConsistentRead");
        Table table = table(request, true);
        Expressions.Placeholders placeholders = new Expressions.Placeholders(request);
        Expressions.KeyCondition key = Expressions.keyCondition(text(request, "KeyConditionExpression"),
                placeholders, table);
        placeholders.requireAllUsed();
        int limit = request.path("Limit").asInt(Integer.MAX_VALUE);
        if (limit < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed "
                    + "to satisfy constraint: Member must have value greater than or equal to 1");
        }
        ObjectNode start = request.has("ExclusiveStartKey") ? table.key(Values.map(request.get("ExclusiveStartKey")))
                : null;
        if (start != null && !start.get(table.hash().name()).equals(key.hash())) {
            throw DynamoException.validation("The provided starting key is invalid");
        }
        ObjectNode response = Values.NODES.objectNode();
        ArrayNode items = response.putArray("Items");
        long bytes = 0;
        ObjectNode last = null;
        table.lock.lock();
        try {
            NavigableMap<JsonNode, ObjectNode> partition = table.partition(key.hash());
            if (!request.path("ScanIndexForward").asBoolean(true)) {
                partition = partition.descendingMap();
            }
            if (start != null) {
                partition = partition.tailMap(table.rangeOf(start), false);
            }
            for (ObjectNode item : partition.values()) {
                if (!key.range().test(table.rangeOf(item))) {
                    continue;
                }
                items.add(item.deepCopy());
                bytes += Values.size(item);
                if (items.size() >= limit || bytes >= PAGE_BYTES) {
                    last = item;
                    break;
                }
            }
        } finally {
            table.lock.unlock();
        }
        response.put("Count", items.size()).put("ScannedCount", items.size());
        if (last != null) {
            ObjectNode lastKey = response.putObject("LastEvaluatedKey");
            table.keyNames().forEach(k -> lastKey.set(k, items.get(items.size() - 1).get(k)));
        }
        return metered(request, table, response, readUnits(bytes, request));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Rejects members this operation does not implement. */
    private static void members(JsonNode request, String operation, Set<String> allowed) {
        request.propertyStream().map(Map.Entry::getKey).filter(m -> !allowed.contains(m)).findFirst().ifPresent(m -> {
            throw DynamoException.validation("LocalDynamoDb does not implement " + m + " on " + operation);
        });
    }

    private static void itemMembers(JsonNode request, String operation, String... members) {
        members(request, operation,
                Stream.concat(ITEM_MEMBERS.stream(), Stream.of(members)).collect(Collectors.toSet()));
    }

    private Table table(JsonNode request, boolean active) {
        Table table = tables.get(text(request, "TableName"));
        if (table == null || (active && !table.active())) {
            throw DynamoException.resourceNotFound();
        }
        String mode = request.path("ReturnConsumedCapacity").asText("NONE");
        if (!Set.of("NONE", "TOTAL", "INDEXES").contains(mode)) {
            throw DynamoException.validation("1 validation error detected: Value '" + mode + "' at "
                    + "'returnConsumedCapacity' failed to satisfy constraint");
        }
        return table;
    }

    private static Predicate<ObjectNode> condition(JsonNode request, Expressions.Placeholders placeholders) {
        Predicate<ObjectNode> condition = request.has("ConditionExpression")
                ? Expressions.condition(text(request, "ConditionExpression"), placeholders) : null;
        placeholders.requireAllUsed();
        return condition;
    }

    private static void check(Predicate<ObjectNode> condition, ObjectNode old) {
        if (condition != null && !condition.test(old == null ? Values.NODES.objectNode() : old)) {
            throw DynamoException.conditionalCheckFailed();
        }
    }

    private static String text(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || !value.isTextual()) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member + "' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    /** A write costs 1 unit per started KB of the larger of the old and new item. */
    private static double writeUnits(ObjectNode old, ObjectNode item) {
        long bytes = Math.max(old == null ? 0 : Values.size(old), Values.size(item));
        return Math.ceil(Math.max(bytes, 1) / 1024.0);
    }

    /** A read costs 1 unit per started 4 KB read, half when eventually consistent. */
    private static double readUnits(long bytes, JsonNode request) {
        double units = Math.ceil(Math.max(bytes, 1) / 4096.0);
        return request.path("ConsistentRead").asBoolean(false) ? units : units / 2;
    }

    /** Adds ConsumedCapacity as DynamoDB answers it for one table when the request asked for it. */
    private static Result metered(JsonNode request, Table table, ObjectNode response, double units) {
        String mode = request.path("ReturnConsumedCapacity").asText("NONE");
        if (!mode.equals("NONE")) {
            ObjectNode consumed = response.putObject("ConsumedCapacity").put("TableName", table.name())
                    .put("CapacityUnits", units);
            if (mode.equals("INDEXES")) {
                consumed.putObject("Table").put("CapacityUnits", units);
            }
        }
        return new Result(response, units);
    }

    private static Result result(ObjectNode body) {
        return new Result(body, 0);
    }
}
