package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consumed capacity of one request on one table, by DynamoDB's rules: a write costs 1 WCU per started KB of the
 * larger of the old and new item; a read 1 RCU per started 4 KB (Query and Scan add up the item sizes first),
 * half of that when eventually consistent; transactions cost double.
 */
final class Capacity {
    enum Mode { NONE, TOTAL, INDEXES }

    private final String tableName;
    private double tableRead;
    private double tableWrite;
    private final Map<String, double[]> globalIndexes = new TreeMap<>();
    private final Map<String, double[]> localIndexes = new TreeMap<>();

    Capacity(String tableName) {
        this.tableName = tableName;
    }

    static Mode mode(JsonNode request) {
        JsonNode m = request.get("ReturnConsumedCapacity");
        return m == null || m.isNull() ? Mode.NONE : Mode.valueOf(m.asText());
    }

    static double readUnits(long bytes, boolean consistent) {
        double units = Math.ceil(Math.max(bytes, 1) / 4096.0);
        return consistent ? units : units / 2;
    }

    static double writeUnits(long bytes) {
        return Math.ceil(Math.max(bytes, 1) / 1024.0);
    }

    String tableName() {
        return tableName;
    }

    void read(double units) {
        tableRead += units;
    }

    void write(double units) {
        tableWrite += units;
    }

    void indexRead(SecondaryIndex index, double units) {
        (index.global() ? globalIndexes : localIndexes).computeIfAbsent(index.name(), k -> new double[2])[0] += units;
    }

    void indexWrite(SecondaryIndex index, double units) {
        (index.global() ? globalIndexes : localIndexes).computeIfAbsent(index.name(), k -> new double[2])[1] += units;
    }

    /** Multiplies everything (2 for transactions). */
    void scale(double factor) {
        tableRead *= factor;
        tableWrite *= factor;
        globalIndexes.values().forEach(v -> { v[0] *= factor; v[1] *= factor; });
        localIndexes.values().forEach(v -> { v[0] *= factor; v[1] *= factor; });
    }

    void addAll(Capacity other) {
        tableRead += other.tableRead;
        tableWrite += other.tableWrite;
        other.globalIndexes.forEach((k, v) -> {
            double[] mine = globalIndexes.computeIfAbsent(k, x -> new double[2]);
            mine[0] += v[0];
            mine[1] += v[1];
        });
        other.localIndexes.forEach((k, v) -> {
            double[] mine = localIndexes.computeIfAbsent(k, x -> new double[2]);
            mine[0] += v[0];
            mine[1] += v[1];
        });
    }

    /**
     * The {@code ConsumedCapacity} member for this mode (never called with NONE) as DynamoDB answers single-table
     * operations, Query, Scan and batches: {@code TableName} and {@code CapacityUnits}; INDEXES adds
     * {@code Table} and each index, each with {@code CapacityUnits} only.
     */
    ObjectNode toJson(Mode mode) {
        return toJson(mode, false);
    }

    /** The same for a transaction: each {@code CapacityUnits} with its {@code ReadCapacityUnits}/{@code WriteCapacityUnits}. */
    ObjectNode toTransactionJson(Mode mode) {
        return toJson(mode, true);
    }

    private ObjectNode toJson(Mode mode, boolean split) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("TableName", tableName);
        double read = tableRead;
        double write = tableWrite;
        for (double[] v : globalIndexes.values()) {
            read += v[0];
            write += v[1];
        }
        for (double[] v : localIndexes.values()) {
            read += v[0];
            write += v[1];
        }
        units(node, read, write, split);
        if (mode == Mode.INDEXES) {
            units(node.putObject("Table"), tableRead, tableWrite, split);
            if (!globalIndexes.isEmpty()) {
                ObjectNode g = node.putObject("GlobalSecondaryIndexes");
                globalIndexes.forEach((k, v) -> units(g.putObject(k), v[0], v[1], split));
            }
            if (!localIndexes.isEmpty()) {
                ObjectNode l = node.putObject("LocalSecondaryIndexes");
                localIndexes.forEach((k, v) -> units(l.putObject(k), v[0], v[1], split));
            }
        }
        return node;
    }

    private static void units(ObjectNode node, double read, double write, boolean split) {
        node.put("CapacityUnits", read + write);
        if (split && read > 0) {
            node.put("ReadCapacityUnits", read);
        }
        if (split && write > 0) {
            node.put("WriteCapacityUnits", write);
        }
    }
}
