package dev.switchboard.tools.restaurant;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
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
                    .item(OrderItems.orderItem(order, order.createdAt().plus(Duration.ofDays(ORDER_DAYS)).getEpochSecond()))
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
        Map<String, AttributeValue> item = OrderItems.listingItem(order,
                order.createdAt().plus(Duration.ofDays(LISTING_DAYS)).getEpochSecond());
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    @Override
    public Optional<Order> find(String orderNumber) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(OrderItems.orderKey(orderNumber))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty() || OrderItems.expired(item, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(OrderItems.order(item));
    }

    @Override
    public int openOrdersSince(String useCaseId, Instant since) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(OrderItems.listingPartition(useCaseId)));
        values.put(":from", AttributeValue.fromS(OrderItems.listingSortKeyFrom(since)));
        values.put(":to", AttributeValue.fromS(OrderItems.LISTING_SORT_KEY_END));
        long nowSeconds = clock.instant().getEpochSecond();
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
                if (!OrderItems.expired(item, nowSeconds) && OrderItems.open(item)) {
                    count++;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
