package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive, DescribeTimeToLive. */
final class TableOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Tables tables;
    private volatile Duration creating;

    TableOperations(Tables tables, Duration creating) {
        this.tables = tables;
        this.creating = creating;
    }

    /** How long tables created from now on stay CREATING. */
    void creating(Duration creating) {
        this.creating = creating;
    }

    ObjectNode createTable(JsonNode request) {
        String name = RequestFields.text(request, "TableName");
        checkTableName(name);
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode def : RequestFields.node(request, "AttributeDefinitions")) {
            String type = def.path("AttributeType").asText();
            if (!Set.of("S", "N", "B").contains(type)) {
                throw DynamoException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [B, N, S]");
            }
            if (types.put(def.path("AttributeName").asText(), type) != null) {
                throw DynamoException.validation("Cannot have two attributes with the same name");
            }
        }
        KeySchema keySchema = keySchema(RequestFields.node(request, "KeySchema"), types, "table");
        Set<String> used = new HashSet<>(keySchema.names());
        List<SecondaryIndex> indexes = new ArrayList<>();
        for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            boolean global = kind.startsWith("Global");
            for (JsonNode def : request.path(kind)) {
                String indexName = RequestFields.text(def, "IndexName");
                KeySchema indexKey = keySchema(RequestFields.node(def, "KeySchema"), types, "index");
                if (!global && (!indexKey.hash().equals(keySchema.hash()) || indexKey.range().isEmpty())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Index KeySchema "
                            + "does not have a range key for index: " + indexName);
                }
                JsonNode projection = RequestFields.node(def, "Projection");
                String type = RequestFields.text(projection, "ProjectionType", "ALL");
                List<String> nonKey = new ArrayList<>();
                projection.path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
                if (indexes.stream().anyMatch(i -> i.name().equals(indexName))) {
                    throw DynamoException.validation("One or more parameter values were invalid: Duplicate index "
                            + "name: " + indexName);
                }
                indexes.add(new SecondaryIndex(indexName, global, indexKey, type, nonKey));
                used.addAll(indexKey.names());
            }
        }
        if (!used.equals(types.keySet())) {
            throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes "
                    + "are not defined in AttributeDefinitions. Keys: " + used + ", AttributeDefinitions: "
                    + types.keySet());
        }
        ObjectNode billing = billing(request);
        Table table = new Table(name, keySchema, request.get("AttributeDefinitions").deepCopy(), indexes, billing,
                creating);
        table.ttlAttribute("");
        tables.add(table);
        ObjectNode response = NODES.objectNode();
        // DynamoDB answers CREATING even for a table that turns ACTIVE at once
        response.set("TableDescription", describe(table, "CREATING"));
        return response;
    }

    private static void checkTableName(String name) {
        if (name.length() < 3 || name.length() > 255 || !name.matches("[a-zA-Z0-9_.-]+")) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at 'tableName' "
                    + "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    private static KeySchema keySchema(JsonNode node, Map<String, String> types, String what) {
        List<KeySchema.KeyAttribute> attributes = new ArrayList<>();
        String hash = null;
        String range = null;
        for (JsonNode element : node) {
            String keyType = element.path("KeyType").asText();
            String attribute = element.path("AttributeName").asText();
            if (keyType.equals("HASH") && hash == null) {
                hash = attribute;
            } else if (keyType.equals("RANGE") && range == null) {
                range = attribute;
            } else {
                throw DynamoException.validation("Invalid KeySchema: Some index key attribute have no definition");
            }
        }
        if (hash == null || node.size() > 2) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        for (String attribute : range == null ? List.of(hash) : List.of(hash, range)) {
            String type = types.get(attribute);
            if (type == null) {
                throw DynamoException.validation("One or more parameter values were invalid: Some index key "
                        + "attributes are not defined in AttributeDefinitions. Keys: [" + attribute + "], "
                        + "AttributeDefinitions: " + types.keySet());
            }
            attributes.add(new KeySchema.KeyAttribute(attribute, type));
        }
        return new KeySchema(attributes);
    }

    private static ObjectNode billing(JsonNode request) {
        String mode = RequestFields.choice(request, "BillingMode", "PROVISIONED",
                Set.of("PROVISIONED", "PAY_PER_REQUEST"));
        ObjectNode billing = NODES.objectNode();
        billing.put("BillingMode", mode);
        JsonNode throughput = request.get("ProvisionedThroughput");
        if (mode.equals("PROVISIONED")) {
            if (throughput == null || !throughput.has("ReadCapacityUnits") || !throughput.has("WriteCapacityUnits")) {
                throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                        + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
            billing.put("ReadCapacityUnits", throughput.get("ReadCapacityUnits").asLong());
            billing.put("WriteCapacityUnits", throughput.get("WriteCapacityUnits").asLong());
        } else if (throughput != null && !throughput.isNull()) {
            throw DynamoException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                    + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        return billing;
    }

    ObjectNode describeTable(JsonNode request) {
        Table table = tables.requireForDescribe(RequestFields.text(request, "TableName"));
        ObjectNode response = NODES.objectNode();
        response.set("Table", describe(table, table.active() ? "ACTIVE" : "CREATING"));
        return response;
    }

    ObjectNode deleteTable(JsonNode request) {
        Table table = tables.requireForChange(RequestFields.text(request, "TableName"));
        tables.remove(table.name());
        ObjectNode response = NODES.objectNode();
        response.set("TableDescription", describe(table, "DELETING"));
        return response;
    }

    ObjectNode listTables(JsonNode request) {
        int limit = request.has("Limit") ? request.get("Limit").asInt() : 100;
        if (limit < 1 || limit > 100) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed "
                    + "to satisfy constraint: Member must have value less than or equal to 100");
        }
        String after = RequestFields.text(request, "ExclusiveStartTableName", "");
        List<String> names = tables.names().stream().filter(n -> after.isEmpty() || n.compareTo(after) > 0).toList();
        ObjectNode response = NODES.objectNode();
        ArrayNode out = response.putArray("TableNames");
        names.stream().limit(limit).forEach(out::add);
        if (names.size() > limit) {
            response.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return response;
    }

    ObjectNode updateTimeToLive(JsonNode request) {
        Table table = tables.requireForChange(RequestFields.text(request, "TableName"));
        JsonNode spec = RequestFields.node(request, "TimeToLiveSpecification");
        boolean enable = RequestFields.node(spec, "Enabled").asBoolean();
        String attribute = RequestFields.text(spec, "AttributeName");
        Lock lock = table.lock().writeLock();
        lock.lock();
        try {
            if (enable && !table.ttlAttribute().isEmpty()) {
                throw DynamoException.validation("TimeToLive is already enabled");
            }
            if (!enable && table.ttlAttribute().isEmpty()) {
                throw DynamoException.validation("TimeToLive is already disabled");
            }
            if (!enable && !table.ttlAttribute().equals(attribute)) {
                throw DynamoException.validation("The specified attribute name does not match the existing TTL "
                        + "attribute name");
            }
            table.ttlAttribute(enable ? attribute : "");
        } finally {
            lock.unlock();
        }
        ObjectNode response = NODES.objectNode();
        ObjectNode out = response.putObject("TimeToLiveSpecification");
        out.put("Enabled", enable);
        out.put("AttributeName", attribute);
        return response;
    }

    ObjectNode describeTimeToLive(JsonNode request) {
        Table table = tables.requireForDescribe(RequestFields.text(request, "TableName"));
        ObjectNode response = NODES.objectNode();
        ObjectNode out = response.putObject("TimeToLiveDescription");
        String attribute = table.ttlAttribute();
        if (attribute.isEmpty()) {
            out.put("TimeToLiveStatus", "DISABLED");
        } else {
            out.put("TimeToLiveStatus", "ENABLED");
            out.put("AttributeName", attribute);
        }
        return response;
    }

    private static ObjectNode describe(Table table, String status) {
        ObjectNode d = NODES.objectNode();
        d.set("AttributeDefinitions", table.attributeDefinitions().deepCopy());
        d.put("TableName", table.name());
        d.set("KeySchema", keySchemaJson(table.keySchema()));
        d.put("TableStatus", status);
        d.put("CreationDateTime", table.created().toEpochMilli() / 1000.0);
        d.set("ProvisionedThroughput", throughput(table.billing()));
        Lock lock = table.lock().readLock();
        lock.lock();
        try {
            d.put("TableSizeBytes", table.sizeBytes());
            d.put("ItemCount", table.itemCount());
        } finally {
            lock.unlock();
        }
        d.put("TableArn", table.arn());
        d.put("TableId", table.tableId());
        if (table.billing().get("BillingMode").asText().equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        }
        ArrayNode global = NODES.arrayNode();
        ArrayNode local = NODES.arrayNode();
        for (SecondaryIndex index : table.indexes()) {
            ObjectNode i = NODES.objectNode();
            i.put("IndexName", index.name());
            i.set("KeySchema", keySchemaJson(index.keySchema()));
            ObjectNode projection = i.putObject("Projection");
            projection.put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            if (index.global()) {
                i.put("IndexStatus", status.equals("CREATING") ? "CREATING" : "ACTIVE");
                i.set("ProvisionedThroughput", throughput(table.billing()));
            }
            i.put("IndexSizeBytes", 0);
            i.put("ItemCount", 0);
            i.put("IndexArn", table.arn() + "/index/" + index.name());
            (index.global() ? global : local).add(i);
        }
        if (!global.isEmpty()) {
            d.set("GlobalSecondaryIndexes", global);
        }
        if (!local.isEmpty()) {
            d.set("LocalSecondaryIndexes", local);
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }

    private static ObjectNode throughput(ObjectNode billing) {
        ObjectNode t = NODES.objectNode();
        t.put("NumberOfDecreasesToday", 0);
        t.put("ReadCapacityUnits", billing.path("ReadCapacityUnits").asLong(0));
        t.put("WriteCapacityUnits", billing.path("WriteCapacityUnits").asLong(0));
        return t;
    }

    private static ArrayNode keySchemaJson(KeySchema schema) {
        ArrayNode a = NODES.arrayNode();
        a.addObject().put("AttributeName", schema.hash().name()).put("KeyType", "HASH");
        schema.range().ifPresent(r -> a.addObject().put("AttributeName", r.name()).put("KeyType", "RANGE"));
        return a;
    }
}
