package dev.switchboard.testkit.dynamodb;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The catalogue of tables by name. */
final class Tables {
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();

    /**
     * The table for an item operation, or ResourceNotFoundException with the message item operations use: DynamoDB
     * answers so for a table that is still CREATING too.
     */
    Table require(String name) {
        Table table = tables.get(name);
        if (table == null || !table.active()) {
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

    /**
     * The table for a change to its settings or its deletion: ResourceNotFoundException when missing,
     * ResourceInUseException while it is CREATING (DynamoDB's and dynalite's message).
     */
    Table requireForChange(String name) {
        Table table = requireForDescribe(name);
        if (!table.active()) {
            throw DynamoException.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + "created: " + name);
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
