package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Query and Scan, on a table or a secondary index: key order, ScanIndexForward, ExclusiveStartKey and
 * LastEvaluatedKey, Limit (items evaluated, before the filter), the 1 MB page (stops once the items read pass
 * 1 MB), FilterExpression, ProjectionExpression, Select, Segment/TotalSegments and consumed capacity.
 */
final class QueryOperations {
    static final long PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECTS = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
            "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Tables tables;

    QueryOperations(Tables tables) {
        this.tables = tables;
    }

    /** An item as the query sees it, with its position in the read order. */
    private record Row(Map<String, DynamoValue> visible, long size, List<DynamoValue> position) {
    }

    /** Where a read runs: the table or one of its indexes. */
    private record Source(Table table, SecondaryIndex index) {
        KeySchema schema() {
            return index == null ? table.keySchema() : index.keySchema();
        }

        /** The key attributes that order rows, and so place an ExclusiveStartKey; scans lead with the hash key. */
        List<KeySchema.KeyAttribute> positionKeys(boolean scanOrder) {
            List<KeySchema.KeyAttribute> keys = new ArrayList<>();
            if (index != null) {
                if (scanOrder) {
                    keys.add(index.keySchema().hash());
                }
                index.keySchema().range().ifPresent(keys::add);
                for (KeySchema.KeyAttribute a : table.keySchema().attributes()) {
                    if (!keys.contains(a)) {
                        keys.add(a);
                    }
                }
                return keys;
            }
            if (scanOrder) {
                keys.add(table.keySchema().hash());
            }
            table.keySchema().range().ifPresent(keys::add);
            return keys;
        }
    }

    ObjectNode query(JsonNode request) {
        RequestFields.rejectLegacy(request, "KeyConditions", "QueryFilter", "ConditionalOperator");
        Source source = source(request);
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        if (!RequestFields.has(request, "KeyConditionExpression")) {
            throw DynamoException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Condition keyExpression = ExpressionParser.condition(request.get("KeyConditionExpression").asText(),
                "KeyConditionExpression", attributes);
        KeyCondition key = KeyCondition.of(keyExpression, source.schema());
        Condition filter = filter(request, attributes, source);
        if (filter != null) {
            for (DocumentPath path : Expression.paths(filter)) {
                if (source.schema().isKey(path.root())) {
                    throw DynamoException.validation("Filter Expression can only contain non-primary key "
                            + "attributes: Primary key attribute: " + path.root());
                }
            }
        }
        List<DocumentPath> projection = projection(request, attributes);
        attributes.requireAllUsed(true);
        boolean forward = !request.has("ScanIndexForward") || request.get("ScanIndexForward").asBoolean();
        Lock lock = source.table().lock().readLock();
        lock.lock();
        try {
            List<Row> rows = new ArrayList<>();
            if (source.index() == null) {
                for (Map<String, DynamoValue> item : source.table().partition(key.hashValue()).values()) {
                    if (key.matchesRange(item)) {
                        rows.add(row(source, item, false));
                    }
                }
            } else {
                for (Map<String, DynamoValue> item : source.table().allItems()) {
                    if (source.index().keySchema().indexes(item)
                            && key.hashValue().equals(item.get(source.schema().hash().name()))
                            && key.matchesRange(item)) {
                        rows.add(row(source, item, false));
                    }
                }
                rows.sort(ROW_ORDER);
            }
            if (!forward) {
                rows = rows.reversed();
            }
            return page(request, source, rows, false, forward, filter, projection);
        } finally {
            lock.unlock();
        }
    }

    ObjectNode scan(JsonNode request) {
        RequestFields.rejectLegacy(request, "ScanFilter", "ConditionalOperator");
        Source source = source(request);
        ExpressionAttributes attributes = ExpressionAttributes.of(request);
        Condition filter = filter(request, attributes, source);
        List<DocumentPath> projection = projection(request, attributes);
        attributes.requireAllUsed(filter != null || !projection.isEmpty());
        int totalSegments = request.has("TotalSegments") ? request.get("TotalSegments").asInt() : 1;
        int segment = request.has("Segment") ? request.get("Segment").asInt() : 0;
        if (request.has("TotalSegments") != request.has("Segment")) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (totalSegments < 1 || totalSegments > 1_000_000 || segment < 0 || segment >= totalSegments) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        Lock lock = source.table().lock().readLock();
        lock.lock();
        try {
            List<Row> rows = new ArrayList<>();
            for (Map<String, DynamoValue> item : source.table().allItems()) {
                if (source.index() != null && !source.index().keySchema().indexes(item)) {
                    continue;
                }
                DynamoValue hash = item.get(source.schema().hash().name());
                if (Math.floorMod(hash.hashCode(), totalSegments) != segment) {
                    continue;
                }
                rows.add(row(source, item, true));
            }
            if (source.index() != null) {
                rows.sort(ROW_ORDER);
            }
            return page(request, source, rows, true, true, filter, projection);
        } finally {
            lock.unlock();
        }
    }

    private static final Comparator<Row> ROW_ORDER = (a, b) -> comparePositions(a.position(), b.position());

    private static int comparePositions(List<DynamoValue> a, List<DynamoValue> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ValueOrder.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private Row row(Source source, Map<String, DynamoValue> item, boolean scanOrder) {
        Map<String, DynamoValue> visible = source.index() == null ? item
                : source.index().project(item, source.table().keySchema());
        List<DynamoValue> position = new ArrayList<>();
        if (source.index() == null) {
            if (scanOrder) {
                position.add(item.get(source.table().keySchema().hash().name()));
            }
            source.table().keySchema().range().ifPresent(r -> position.add(item.get(r.name())));
        } else {
            for (KeySchema.KeyAttribute a : source.positionKeys(true)) {
                position.add(item.get(a.name()));
            }
        }
        return new Row(visible, ItemSize.of(visible), position);
    }

    private ObjectNode page(JsonNode request, Source source, List<Row> rows, boolean scanOrder, boolean forward,
                            Condition filter, List<DocumentPath> projection) {
        int limit = Integer.MAX_VALUE;
        if (request.has("Limit")) {
            limit = request.get("Limit").asInt();
            if (limit < 1) {
                throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        String fallback = !projection.isEmpty() ? "SPECIFIC_ATTRIBUTES"
                : source.index() == null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
        String select = RequestFields.choice(request, "Select", fallback, SELECTS);
        checkSelect(select, source, projection);
        boolean consistent = RequestFields.bool(request, "ConsistentRead");
        if (consistent && source.index() != null && source.index().global()) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
        int start = 0;
        if (RequestFields.has(request, "ExclusiveStartKey")) {
            Map<String, DynamoValue> startKey = ValueJson.readItem(request.get("ExclusiveStartKey"));
            List<DynamoValue> startPosition = startPosition(source, startKey, scanOrder);
            while (start < rows.size()) {
                int c = comparePositions(rows.get(start).position(), startPosition);
                if (forward ? c > 0 : c < 0) {
                    break;
                }
                start++;
            }
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int count = 0;
        int scanned = 0;
        long bytes = 0;
        Row last = null;
        boolean stopped = false;
        for (int i = start; i < rows.size(); i++) {
            Row row = rows.get(i);
            scanned++;
            bytes += row.size();
            last = row;
            if (filter == null || ConditionEvaluator.test(filter, row.visible())) {
                count++;
                if (!select.equals("COUNT")) {
                    items.add(ValueJson.writeItem(projection.isEmpty() ? row.visible()
                            : Documents.project(row.visible(), projection)));
                }
            }
            if (scanned >= limit || bytes >= PAGE_BYTES) {
                stopped = true;
                break;
            }
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (!select.equals("COUNT")) {
            response.set("Items", items);
        }
        response.put("Count", count);
        response.put("ScannedCount", scanned);
        if (stopped) {
            ObjectNode lastKey = response.putObject("LastEvaluatedKey");
            Map<String, DynamoValue> keyAttributes = new LinkedHashMap<>();
            for (KeySchema.KeyAttribute a : source.table().keySchema().attributes()) {
                keyAttributes.put(a.name(), last.visible().get(a.name()));
            }
            if (source.index() != null) {
                for (KeySchema.KeyAttribute a : source.index().keySchema().attributes()) {
                    keyAttributes.put(a.name(), last.visible().get(a.name()));
                }
            }
            keyAttributes.forEach((k, v) -> lastKey.set(k, ValueJson.write(v)));
        }
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) {
            Capacity capacity = new Capacity(source.table().name());
            double units = Capacity.readUnits(bytes, consistent);
            if (source.index() == null) {
                capacity.read(units);
            } else {
                capacity.indexRead(source.index(), units);
            }
            response.set("ConsumedCapacity", capacity.toJson(mode));
        }
        return response;
    }

    private static void checkSelect(String select, Source source, List<DocumentPath> projection) {
        if (!projection.isEmpty() && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoException.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Select " + select + " and ProjectionExpression");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && source.index() == null) {
            throw DynamoException.validation("One or more parameter values were invalid: Select type "
                    + "ALL_PROJECTED_ATTRIBUTES is supported only for index queries");
        }
        if (select.equals("ALL_ATTRIBUTES") && source.index() != null
                && !source.index().projectionType().equals("ALL")) {
            if (source.index().global()) {
                throw DynamoException.validation("One or more parameter values were invalid: Select type "
                        + "ALL_ATTRIBUTES is not supported for global secondary index " + source.index().name()
                        + " because its projection type is not ALL");
            }
            throw DynamoException.validation("ALL_ATTRIBUTES on a local secondary index whose projection is not ALL "
                    + "(a table fetch) is not supported by LocalDynamoDb");
        }
    }

    private static List<DynamoValue> startPosition(Source source, Map<String, DynamoValue> startKey,
                                                   boolean scanOrder) {
        List<KeySchema.KeyAttribute> needed = new ArrayList<>(source.table().keySchema().attributes());
        if (source.index() != null) {
            for (KeySchema.KeyAttribute a : source.index().keySchema().attributes()) {
                if (!needed.contains(a)) {
                    needed.add(a);
                }
            }
        }
        if (startKey.size() != needed.size()) {
            throw DynamoException.validation("The provided starting key is invalid: The provided key element does "
                    + "not match the schema");
        }
        for (KeySchema.KeyAttribute a : needed) {
            DynamoValue v = startKey.get(a.name());
            if (v == null || !v.type().equals(a.type())) {
                throw DynamoException.validation("The provided starting key is invalid: The provided key element "
                        + "does not match the schema");
            }
        }
        List<DynamoValue> position = new ArrayList<>();
        for (KeySchema.KeyAttribute a : source.positionKeys(scanOrder || source.index() != null)) {
            position.add(startKey.get(a.name()));
        }
        return position;
    }

    private Source source(JsonNode request) {
        Table table = tables.require(RequestFields.text(request, "TableName"));
        if (!RequestFields.has(request, "IndexName")) {
            return new Source(table, null);
        }
        String indexName = request.get("IndexName").asText();
        SecondaryIndex index = table.index(indexName).orElseThrow(() -> DynamoException.validation(
                "The table does not have the specified index: " + indexName));
        return new Source(table, index);
    }

    private static Condition filter(JsonNode request, ExpressionAttributes attributes, Source source) {
        if (!RequestFields.has(request, "FilterExpression")) {
            return null;
        }
        Condition filter = ExpressionParser.condition(request.get("FilterExpression").asText(), "FilterExpression",
                attributes);
        return filter;
    }

    private static List<DocumentPath> projection(JsonNode request, ExpressionAttributes attributes) {
        RequestFields.rejectLegacy(request, "AttributesToGet");
        if (!RequestFields.has(request, "ProjectionExpression")) {
            return List.of();
        }
        return ExpressionParser.projection(request.get("ProjectionExpression").asText(), attributes);
    }
}
