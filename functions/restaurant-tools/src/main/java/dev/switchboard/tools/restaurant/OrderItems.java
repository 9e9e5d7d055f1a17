package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of an {@link Order} and how they read back: {@code ORDER#{number}} / {@code ORDER} (the order, a native
 * list of line maps, numbers as N) and {@code USECASE#{id}} / {@code ORDER#{createdAt}#{number}} (its listing).
 * {@link DynamoOrderStore} does the I/O; this converts.
 */
final class OrderItems {

    /** The end of the listing sort keys: after every {@code ORDER#{createdAt}}. */
    static final String LISTING_SORT_KEY_END = "ORDER#~";
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private OrderItems() {
    }

    static Map<String, AttributeValue> orderKey(String orderNumber) {
        return Map.of("pk", s("ORDER#" + orderNumber), "sk", s("ORDER"));
    }

    static String listingPartition(String useCaseId) {
        return "USECASE#" + useCaseId;
    }

    /** The first listing sort key at or after {@code since}. */
    static String listingSortKeyFrom(Instant since) {
        return "ORDER#" + SORTABLE.format(since);
    }

    static Map<String, AttributeValue> listingItem(Order order, long expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(listingPartition(order.useCaseId())));
        item.put("sk", s(listingSortKeyFrom(order.createdAt()) + "#" + order.number()));
        item.put("orderNumber", s(order.number()));
        item.put("status", s(order.status()));
        item.put("fulfillment", s(order.fulfillment()));
        item.put("itemCount", n(order.itemCount()));
        item.put("createdAt", s(order.createdAt().toString()));
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    static Map<String, AttributeValue> orderItem(Order order, long expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(orderKey(order.number()));
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
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    static Order order(Map<String, AttributeValue> item) {
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

    static boolean expired(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) <= nowSeconds;
    }

    /** Whether a listing item is of an order still open. */
    static boolean open(Map<String, AttributeValue> item) {
        return Order.OPEN.equals(text(item, "status"));
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
        return decimal(item, name).setScale(2, RoundingMode.HALF_UP);
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
