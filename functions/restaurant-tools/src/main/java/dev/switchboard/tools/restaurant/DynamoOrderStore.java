package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Orders in the single table. Two items per order:
 * <ul>
 *   <li>{@code ORDER#{number}} / {@code ORDER}: the order itself (native list of line maps, numbers as N), written
 *       with {@code attribute_not_exists(pk)} so a number is never reused while the order lives
 *       ({@value #ORDER_DAYS} days, TTL {@code expiresAt});</li>
 *   <li>{@code USECASE#{id}} / {@code ORDER#{createdAt}#{number}}: a small listing the pickup and delivery time
 *       tools query by time range to measure the kitchen's load (kept {@value #LISTING_DAYS} days).</li>
 * </ul>
 * The listing sorts after nothing the config store reads: the use case itself is {@code USECASE#{id}} /
 * {@code CONFIG}, read with GetItem. Expired items are ignored on read (TTL deletion lags, and the local emulator
 * never deletes).
 */
final class DynamoOrderStore implements OrderStore {

    static final int ORDER_DAYS = 30;
    static final int LISTING_DAYS = 2;
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final InstantSource clock;

    DynamoOrderStore(DynamoDbClient dynamoDb, String tableName, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    @Override
    public boolean create(Order order) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(orderItem(order))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build());
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
        relist(order);
        return true;
    }

    @Override
    public void relist(Order order) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("USECASE#" + order.useCaseId()));
        item.put("sk", s("ORDER#" + SORTABLE.format(order.createdAt()) + "#" + order.number()));
        item.put("orderNumber", s(order.number()));
        item.put("status", s(order.status()));
        item.put("fulfillment", s(order.fulfillment()));
        item.put("itemCount", n(order.itemCount()));
        item.put("createdAt", s(order.createdAt().toString()));
        item.put("expiresAt", n(order.createdAt().plus(Duration.ofDays(LISTING_DAYS)).getEpochSecond()));
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    @Override
    public Optional<Order> find(String orderNumber) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of("pk", s("ORDER#" + orderNumber), "sk", s("ORDER")))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty() || expired(item)) {
            return Optional.empty();
        }
        return Optional.of(order(item));
    }

    @Override
    public int openOrdersSince(String useCaseId, Instant since) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s("USECASE#" + useCaseId));
        values.put(":from", s("ORDER#" + SORTABLE.format(since)));
        values.put(":to", s("ORDER#~"));
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(values);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (!expired(item) && Order.OPEN.equals(text(item, "status"))) {
                    count++;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private Map<String, AttributeValue> orderItem(Order order) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("ORDER#" + order.number()));
        item.put("sk", s("ORDER"));
        item.put("orderNumber", s(order.number()));
        item.put("useCaseId", s(order.useCaseId()));
        item.put("callSid", s(order.callSid()));
        item.put("toolCallId", s(order.toolCallId()));
        item.put("callerNumber", s(order.callerNumber()));
        item.put("customerName", s(order.customerName()));
        item.put("fulfillment", s(order.fulfillment()));
        item.put("address", s(order.address()));
        List<AttributeValue> lines = new ArrayList<>();
        for (Order.Line line : order.lines()) {
            Map<String, AttributeValue> l = new LinkedHashMap<>();
            l.put("itemId", s(line.itemId()));
            l.put("name", s(line.name()));
            l.put("size", s(line.size()));
            l.put("quantity", n(line.quantity()));
            l.put("unitPrice", n(line.unitPrice()));
            l.put("lineTotal", n(line.lineTotal()));
            l.put("notes", s(line.notes()));
            lines.add(AttributeValue.fromM(l));
        }
        item.put("items", AttributeValue.fromL(lines));
        item.put("subtotal", n(order.subtotal()));
        item.put("tax", n(order.tax()));
        item.put("deliveryFee", n(order.deliveryFee()));
        item.put("total", n(order.total()));
        item.put("currency", s(order.currency()));
        item.put("status", s(order.status()));
        item.put("createdAt", s(order.createdAt().toString()));
        item.put("readyAt", s(order.readyAt().toString()));
        item.put("scheduled", AttributeValue.fromBool(order.scheduled()));
        item.put("notes", s(order.notes()));
        item.put("expiresAt", n(order.createdAt().plus(Duration.ofDays(ORDER_DAYS)).getEpochSecond()));
        return item;
    }

    private static Order order(Map<String, AttributeValue> item) {
        List<Order.Line> lines = new ArrayList<>();
        AttributeValue items = item.get("items");
        if (items != null && items.hasL()) {
            for (AttributeValue v : items.l()) {
                Map<String, AttributeValue> l = v.m();
                lines.add(new Order.Line(text(l, "itemId"), text(l, "name"), text(l, "size"),
                        decimal(l, "quantity").intValue(), money(l, "unitPrice"), money(l, "lineTotal"),
                        text(l, "notes")));
            }
        }
        return new Order(text(item, "orderNumber"), text(item, "useCaseId"), text(item, "callSid"),
                text(item, "toolCallId"), text(item, "callerNumber"), text(item, "customerName"),
                text(item, "fulfillment"), text(item, "address"), lines, money(item, "subtotal"), money(item, "tax"),
                money(item, "deliveryFee"), money(item, "total"), text(item, "currency"), text(item, "status"),
                Instant.parse(text(item, "createdAt")), Instant.parse(text(item, "readyAt")),
                item.containsKey("scheduled") && Boolean.TRUE.equals(item.get("scheduled").bool()), text(item, "notes"));
    }

    private boolean expired(Map<String, AttributeValue> item) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null
                && Long.parseLong(expiresAt.n()) <= clock.instant().getEpochSecond();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }

    /** DynamoDB drops trailing zeros ({@code 32.50} reads as {@code 32.5}); money always has two decimals. */
    private static BigDecimal money(Map<String, AttributeValue> item, String name) {
        return decimal(item, name).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }
}
