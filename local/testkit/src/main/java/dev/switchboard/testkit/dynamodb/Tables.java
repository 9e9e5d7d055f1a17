package dev.switchboard.testkit.dynamodb;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The catalogue of tables by name. */
final class Tables {
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();

    /** The table, or ResourceNotFoundException with the message item operations use. */
    Table require(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    /** The table, or ResourceNotFoundException with the message table operations use. */
    Table requireForDescribe(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    void add(Table table) {
        if (tables.putIfAbsent(table.name(), table) != null) {
            throw DynamoException.resourceInUse("Table already exists: " + table.name());
        }
    }

    void remove(String name) {
        tables.remove(name);
    }

    List<String> names() {
        return List.copyOf(tables.keySet());
    }
}
