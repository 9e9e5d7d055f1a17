package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One table: its key schema, its life cycle (CREATING for a moment, then ACTIVE), its TTL attribute and its items,
 * by partition key value and then in sort key order. Callers hold {@link #lock} around reads and writes, so a
 * conditional write is atomic.
 */
final class Table {
    /** A key attribute: its name and type (S, N or B). */
    record Key(String name, String type) {}

    final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private final Key hash;
    private final Key range;
    private final JsonNode definition;
    private final Instant created = Instant.now();
    private final long activeAtNanos;
    private final Map<JsonNode, NavigableMap<JsonNode, ObjectNode>> partitions = new HashMap<>();
    private volatile String ttlAttribute = "";

    Table(String name, Key hash, Key range, JsonNode definition, Duration creating) {
        this.name = name;
        this.hash = hash;
        this.range = range;
        this.definition = definition;
        this.activeAtNanos = System.nanoTime() + creating.toNanos();
    }

    String name() {
        return name;
    }

    Key hash() {
        return hash;
    }

    /** The sort key, or null. */
    Key range() {
        return range;
    }

    Set<String> keyNames() {
        return range == null ? Set.of(hash.name()) : Set.of(hash.name(), range.name());
    }

    boolean active() {
        return System.nanoTime() - activeAtNanos >= 0;
    }

    String ttlAttribute() {
        return ttlAttribute;
    }

    void ttlAttribute(String attribute) {
        ttlAttribute = attribute;
    }

    /** Checks that {@code key} holds exactly the key attributes, with their types, and returns it. */
    ObjectNode key(ObjectNode key) {
        if (key.size() != keyNames().size() || !keyNames().stream().allMatch(key::has)) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKey(key);
        return key;
    }

    /** Checks that an item has its key attributes, with their types. */
    void checkKey(ObjectNode item) {
        for (Key k : range == null ? new Key[] {hash} : new Key[] {hash, range}) {
            JsonNode value = item.get(k.name());
            if (value == null) {
                throw DynamoException.validation("One or more parameter values were invalid: Missing the key "
                        + k.name() + " in the item");
            }
            if (!value.has(k.type())) {
                throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + k.name() + " expected: " + k.type() + " actual: " + Values.type(value));
            }
            if (value.get(k.type()).asText().isEmpty()) {
                throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for "
                        + "a key attribute cannot contain an empty string value. Key: " + k.name());
            }
        }
    }

    /** Runs {@code action} holding {@link #lock}. */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** The item with this key, or null. */
    ObjectNode get(ObjectNode key) {
        NavigableMap<JsonNode, ObjectNode> partition = partitions.get(key.get(hash.name()));
        return partition == null ? null : partition.get(rangeOf(key));
    }

    void put(ObjectNode item) {
        partitions.computeIfAbsent(item.get(hash.name()), k -> new TreeMap<>(
                (a, b) -> range == null ? 0 : Values.compare(a, b))).put(rangeOf(item), item);
    }

    /** One partition in sort key order (empty when there is none). */
    NavigableMap<JsonNode, ObjectNode> partition(JsonNode hashValue) {
        return partitions.getOrDefault(hashValue, new TreeMap<>());
    }

    JsonNode rangeOf(JsonNode item) {
        return range == null ? NullNode.instance : item.get(range.name());
    }

    ObjectNode describe() {
        String status = active() ? "ACTIVE" : "CREATING";
        List<ObjectNode> items = locked(() -> partitions.values().stream().flatMap(p -> p.values().stream()).toList());
        return definition.<ObjectNode>deepCopy().put("TableStatus", status)
                .put("CreationDateTime", created.toEpochMilli() / 1000.0).put("ItemCount", (long) items.size())
                .put("TableSizeBytes", items.stream().mapToLong(Values::size).sum())
                .put("TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
    }

    /** The CreateTable members DescribeTable repeats, in DynamoDB's shape. */
    static ObjectNode definition(String name, JsonNode request, Key hash, Key range) {
        ObjectNode d = Values.NODES.objectNode();
        d.set("AttributeDefinitions", request.get("AttributeDefinitions").deepCopy());
        d.put("TableName", name);
        ArrayNode keys = d.putArray("KeySchema");
        keys.addObject().put("AttributeName", hash.name()).put("KeyType", "HASH");
        if (range != null) {
            keys.addObject().put("AttributeName", range.name()).put("KeyType", "RANGE");
        }
        JsonNode throughput = request.path("ProvisionedThroughput");
        d.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", throughput.path("ReadCapacityUnits").asLong(0))
                .put("WriteCapacityUnits", throughput.path("WriteCapacityUnits").asLong(0));
        if (request.path("BillingMode").asText().equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        }
        return d;
    }
}
