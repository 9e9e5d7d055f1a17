package dev.switchboard.shared.session;

import static dev.switchboard.shared.session.CallSessionItems.n;
import static dev.switchboard.shared.session.CallSessionItems.s;

import dev.switchboard.shared.aws.ItemExpiry;
import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Sessions as {@code CALL#{callSid}} / {@code SESSION} items with a TTL ({@code expiresAt}, epoch seconds; default
 * {@value #DEFAULT_TTL_HOURS} h after creation). DynamoDB deletes expired items lazily and emulators never do, so
 * reads treat an item whose {@code expiresAt} has passed as absent.
 */
public final class DynamoCallSessionStore implements CallSessionStore, ReconnectCounter {

    public static final int DEFAULT_TTL_HOURS = 48;
    /** Statuses of a call that is still going on; any other status also stamps {@code endedAt}. */
    private static final Set<String> LIVE = Set.of("created", "connected", "reconnecting");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration ttl;
    private final InstantSource clock;

    public DynamoCallSessionStore(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Duration.ofHours(DEFAULT_TTL_HOURS), InstantSource.system());
    }

    public DynamoCallSessionStore(DynamoDbClient dynamoDb, String tableName, Duration ttl, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.ttl = ttl;
        this.clock = clock;
    }

    public static Map<String, AttributeValue> key(String callSid) {
        return CallSessionItems.key(callSid);
    }

    @Override
    public boolean create(CallSession s) {
        Map<String, AttributeValue> item = CallSessionItems.item(s, s.createdAt().plus(ttl).getEpochSecond());
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<CallSession> get(String callSid) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName)
                .key(key(callSid)).consistentRead(true).build()).item();
        if (item.isEmpty() || ItemExpiry.passed(item, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(CallSessionItems.read(callSid, item));
    }

    @Override
    public void linkConnection(String callSid, String connectionId) {
        update(callSid, "session.link.missing", UpdateItemRequest.builder()
                .updateExpression("SET connectionId = :c, #status = :s")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(live(Map.of(":c", s(connectionId), ":s", s("connected")))));
    }

    @Override
    public void recordOutcome(String callSid, String status, String outcome, Map<String, String> details) {
        StringBuilder set = new StringBuilder("SET #status = :s, outcome = :o, outcomeDetails = :d, updatedAt = :u");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", s(status));
        values.put(":o", s(outcome));
        values.put(":d", CallSessionItems.stringMap(details));
        String now = clock.instant().toString();
        values.put(":u", s(now));
        if (!LIVE.contains(status)) {
            set.append(", endedAt = :e");
            values.put(":e", s(now));
        }
        String duration = details.getOrDefault("durationSeconds", "");
        if (duration.matches("\\d{1,9}")) {
            set.append(", durationSeconds = :dur");
            values.put(":dur", AttributeValue.fromN(duration));
        }
        update(callSid, "session.outcome.missing", UpdateItemRequest.builder()
                .updateExpression(set.toString())
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(live(values)));
    }

    @Override
    public int increment(String callSid) {
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName).key(key(callSid))
                    .updateExpression("ADD reconnects :one")
                    .conditionExpression("attribute_exists(pk) AND expiresAt > :now")
                    .expressionAttributeValues(Map.of(":one", n(1), ":now", n(clock.instant().getEpochSecond())))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build()).attributes();
            return Integer.parseInt(updated.get("reconnects").n());
        } catch (ConditionalCheckFailedException missing) {
            Log.warn("session.reconnect.missing");
            return Integer.MAX_VALUE;
        }
    }

    /** Adds {@code :now} for the condition that the session exists and has not expired. */
    private Map<String, AttributeValue> live(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":now", n(clock.instant().getEpochSecond()));
        return all;
    }

    private void update(String callSid, String missingEvent, UpdateItemRequest.Builder request) {
        try {
            dynamoDb.updateItem(request.tableName(tableName).key(key(callSid))
                    .conditionExpression("attribute_exists(pk) AND expiresAt > :now").build());
        } catch (ConditionalCheckFailedException missing) {
            Log.warn(missingEvent);
        }
    }
}
