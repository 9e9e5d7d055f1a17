package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One table: its definition and its items, partitions ordered by hash key and items inside a partition ordered by
 * range key (DynamoDB's sort-key order). Callers hold {@link #lock()}: the read lock to read, the write lock to
 * write, so every conditional write is atomic.
 */
final class Table {
    private final String name;
    private final KeySchema keySchema;
    private final JsonNode attributeDefinitions;
    private final List<SecondaryIndex> indexes;
    private final ObjectNode billing;
    private final Instant created = Instant.now();
    private final long activeAtNanos;
    private final String tableId = UUID.randomUUID().toString();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<DynamoValue, TreeMap<DynamoValue, Map<String, DynamoValue>>> partitions =
            new TreeMap<>(ValueOrder.KEY_ORDER);
    private volatile String ttlAttribute = "";
    private long itemCount;
    private long sizeBytes;

    /** A table that stays CREATING for {@code creating}, as DynamoDB's tables do for a few seconds. */
    Table(String name, KeySchema keySchema, JsonNode attributeDefinitions, List<SecondaryIndex> indexes,
          ObjectNode billing, Duration creating) {
        this.activeAtNanos = System.nanoTime() + creating.toNanos();
        this.name = name;
        this.keySchema = keySchema;
        this.attributeDefinitions = attributeDefinitions;
        this.indexes = List.copyOf(indexes);
        this.billing = billing;
    }

    String name() {
        return name;
    }

    KeySchema keySchema() {
        return keySchema;
    }

    JsonNode attributeDefinitions() {
        return attributeDefinitions;
    }

    List<SecondaryIndex> indexes() {
        return indexes;
    }

    Optional<SecondaryIndex> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    ObjectNode billing() {
        return billing;
    }

    Instant created() {
        return created;
    }

    String tableId() {
        return tableId;
    }

    String arn() {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
    }

    /** CREATING until its creation delay has passed, then ACTIVE. */
    boolean active() {
        return System.nanoTime() - activeAtNanos >= 0;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }

    /** The TTL attribute name, empty when TTL is disabled. */
    String ttlAttribute() {
        return ttlAttribute;
    }

    void ttlAttribute(String attribute) {
        this.ttlAttribute = attribute;
    }

    long itemCount() {
        return itemCount;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** The item stored under the key of {@code key} (an item or a key map), or an empty map. */
    Map<String, DynamoValue> get(Map<String, DynamoValue> key) {
        TreeMap<DynamoValue, Map<String, DynamoValue>> partition = partitions.get(hashOf(key));
        if (partition == null) {
            return Map.of();
        }
        Map<String, DynamoValue> item = partition.get(rangeOf(key));
        return item == null ? Map.of() : item;
    }

    void put(Map<String, DynamoValue> item) {
        Map<String, DynamoValue> stored = Collections.unmodifiableMap(new LinkedHashMap<>(item));
        Map<String, DynamoValue> previous = partitions.computeIfAbsent(hashOf(item),
                k -> new TreeMap<>(ValueOrder.KEY_ORDER)).put(rangeOf(item), stored);
        if (previous == null) {
            itemCount++;
        } else {
            sizeBytes -= ItemSize.of(previous);
        }
        sizeBytes += ItemSize.of(stored);
    }

    void delete(Map<String, DynamoValue> key) {
        DynamoValue hash = hashOf(key);
        TreeMap<DynamoValue, Map<String, DynamoValue>> partition = partitions.get(hash);
        if (partition == null) {
            return;
        }
        Map<String, DynamoValue> previous = partition.remove(rangeOf(key));
        if (previous != null) {
            itemCount--;
            sizeBytes -= ItemSize.of(previous);
        }
        if (partition.isEmpty()) {
            partitions.remove(hash);
        }
    }

    /** The items of one partition in range-key order. */
    NavigableMap<DynamoValue, Map<String, DynamoValue>> partition(DynamoValue hash) {
        TreeMap<DynamoValue, Map<String, DynamoValue>> partition = partitions.get(hash);
        return partition == null ? Collections.emptyNavigableMap() : partition;
    }

    /** Every item, partitions in hash-key order. */
    List<Map<String, DynamoValue>> allItems() {
        List<Map<String, DynamoValue>> all = new ArrayList<>();
        partitions.values().forEach(p -> all.addAll(p.values()));
        return all;
    }

    DynamoValue hashOf(Map<String, DynamoValue> item) {
        return item.get(keySchema.hash().name());
    }

    /** The range key value; for a hash-only table the hash value stands in, so each partition holds one item. */
    DynamoValue rangeOf(Map<String, DynamoValue> item) {
        return keySchema.range().map(r -> item.get(r.name())).orElseGet(() -> hashOf(item));
    }
}
