package dev.switchboard.shared.conversation;

import static dev.switchboard.shared.conversation.ConversationItems.n;
import static dev.switchboard.shared.conversation.ConversationItems.num;
import static dev.switchboard.shared.conversation.ConversationItems.s;
import static dev.switchboard.shared.conversation.ConversationItems.str;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link ConversationStore} on the single table: {@code CONN#{connectionId}} holds {@code STATE} and one
 * {@code MSG#…} item per message. {@code STATE} sorts after every {@code MSG#}, so one descending Query returns the
 * state first and then the newest messages. Every item carries {@code expiresAt}; reads skip expired items
 * themselves because TTL deletion is late (and the local emulator never deletes).
 */
public final class DynamoConversationStore implements ConversationStore {

    public static final int DEFAULT_TTL_HOURS = 48;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration ttl;
    private final InstantSource clock;

    public DynamoConversationStore(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Duration.ofHours(DEFAULT_TTL_HOURS), InstantSource.system());
    }

    public DynamoConversationStore(DynamoDbClient dynamoDb, String tableName, Duration ttl, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.ttl = ttl;
        this.clock = clock;
    }

    public static String partitionKey(String connectionId) {
        return ConversationItems.partitionKey(connectionId);
    }

    @Override
    public ConversationSnapshot load(String connectionId, HistoryWindow window) {
        long nowSeconds = clock.instant().getEpochSecond();
        Optional<ConversationState> state = Optional.empty();
        List<HistoryMessage> newestFirst = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        // the state item plus one page of the window; more pages only when a 1 MB page cut it short
        int wanted = window.maxMessages() + 1;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(ConversationItems.partitionKey(connectionId))))
                    .scanIndexForward(false)
                    .limit(wanted);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamoDb.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                wanted--;
                if (ConversationItems.expired(item, nowSeconds)) {
                    continue;
                }
                String sk = str(item, "sk");
                if (ConversationItems.STATE.equals(sk)) {
                    state = Optional.of(ConversationItems.readState(connectionId, item));
                } else if (sk.startsWith(HistoryMessage.PREFIX)) {
                    newestFirst.add(ConversationItems.readMessage(item));
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && wanted > 0);
        List<HistoryMessage> messages = window.cut(newestFirst);
        return state.map(s -> ConversationSnapshot.of(s, messages))
                .orElseGet(() -> ConversationSnapshot.withoutState(messages));
    }

    @Override
    public Optional<ConversationState> state(String connectionId) {
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(ConversationItems.stateKey(connectionId))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()
                || ConversationItems.expired(response.item(), clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(ConversationItems.readState(connectionId, response.item()));
    }

    @Override
    public void saveState(ConversationState state) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #turn = if_not_exists(#turn, :initial)");
        values.put(":initial", n(state.turn()));
        names.put("#turn", "turn");
        Map<String, AttributeValue> fields = ConversationItems.stateFields(state, expiresAt());
        int i = 0;
        for (var field : fields.entrySet()) {
            names.put("#f" + i, field.getKey());
            values.put(":f" + i, field.getValue());
            set.append(", #f").append(i).append(" = :f").append(i);
            i++;
        }
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(state.connectionId()))
                .updateExpression(set.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build());
    }

    @Override
    public int nextTurn(String connectionId, Instant startedAt) {
        UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                .key(ConversationItems.stateKey(connectionId))
                .updateExpression("ADD #turn :one SET #speaking = :one, #turnAt = :at, #exp = if_not_exists(#exp, :exp)"
                        + " REMOVE #filler")
                .expressionAttributeNames(Map.of("#turn", "turn", "#speaking", "speakingStep", "#turnAt", "turnStartedAt",
                        "#exp", "expiresAt", "#filler", "filler"))
                .expressionAttributeValues(Map.of(":one", n(1), ":at", n(startedAt.toEpochMilli()), ":exp", n(expiresAt())))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
        return num(response.attributes(), "turn");
    }

    @Override
    public boolean advanceTurnFrom(String connectionId, int seen) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                    .updateExpression("SET #turn = :next, #speaking = :zero, #exp = if_not_exists(#exp, :exp) REMOVE #filler")
                    .conditionExpression(seen == 0 ? "attribute_not_exists(#turn) OR #turn = :seen" : "#turn = :seen")
                    .expressionAttributeNames(Map.of("#turn", "turn", "#speaking", "speakingStep", "#exp", "expiresAt",
                            "#filler", "filler"))
                    .expressionAttributeValues(Map.of(":next", n(seen + 1), ":seen", n(seen), ":zero", n(0),
                            ":exp", n(expiresAt())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean markSpeaking(String connectionId, int turn, int step) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                    .updateExpression("SET #speaking = :step REMOVE #filler")
                    .conditionExpression("#turn = :turn")
                    .expressionAttributeNames(Map.of("#turn", "turn", "#speaking", "speakingStep", "#filler", "filler"))
                    .expressionAttributeValues(Map.of(":turn", n(turn), ":step", n(step)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markFiller(String connectionId, int turn, int step, String filler) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                    .updateExpression("SET #filler = :filler")
                    .conditionExpression("#turn = :turn AND #speaking = :step")
                    .expressionAttributeNames(Map.of("#turn", "turn", "#speaking", "speakingStep", "#filler", "filler"))
                    .expressionAttributeValues(Map.of(":turn", n(turn), ":step", n(step), ":filler", s(filler)))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // the caller moved on (or the reply's step changed): the filler no longer matters
        }
    }

    @Override
    public int currentTurn(String connectionId) {
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(ConversationItems.stateKey(connectionId))
                .consistentRead(true)
                .projectionExpression("#turn")
                .expressionAttributeNames(Map.of("#turn", "turn")));
        return response.hasItem() ? num(response.item(), "turn") : 0;
    }

    @Override
    public void append(String connectionId, HistoryMessage message) {
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(ConversationItems.messageItem(connectionId, message, expiresAt())).build());
    }

    @Override
    public boolean appendIfAbsent(String connectionId, HistoryMessage message) {
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(ConversationItems.messageItem(connectionId, message, expiresAt()))
                    .conditionExpression("attribute_not_exists(sk)")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markInterrupted(String connectionId, int turn, int step, String heard) {
        HistoryMessage rewritten = new HistoryMessage(turn, step, HistoryMessage.Kind.ASSISTANT, heard, List.of(),
                "", "", true, clock.instant());
        try {
            // a message with tool calls (its filler was interrupted) keeps them: its results refer to them
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(ConversationItems.messageItem(connectionId, rewritten, expiresAt()))
                    .conditionExpression("attribute_not_exists(toolCalls)")
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // left as it is
        }
    }

    @Override
    public boolean claim(String connectionId, String name) {
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName)
                    .item(Map.of("pk", s(ConversationItems.partitionKey(connectionId)), "sk", s("CLAIM#" + name),
                            "at", s(clock.instant().toString()), "expiresAt", n(expiresAt())))
                    .conditionExpression("attribute_not_exists(sk)")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void recordFailures(String connectionId, int failures) {
        set(connectionId, "failures", n(failures));
    }

    @Override
    public void markEnded(String connectionId, CallStatus status, String outcome) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                    .updateExpression("SET #status = :status, #outcome = :outcome, #exp = if_not_exists(#exp, :exp)")
                    .conditionExpression("attribute_not_exists(#status) OR #status = :active")
                    .expressionAttributeNames(Map.of("#status", "status", "#outcome", "outcome", "#exp", "expiresAt"))
                    .expressionAttributeValues(Map.of(":status", s(status.key()), ":outcome", s(outcome),
                            ":active", s(CallStatus.ACTIVE.key()), ":exp", n(expiresAt())))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // already ended: the first final status wins
        }
    }

    @Override
    public void setLanguage(String connectionId, String language) {
        set(connectionId, "language", s(language));
    }

    @Override
    public DigitEntry startDigits(String connectionId, String key) {
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                .updateExpression("SET digitKey = :key, digits = :none, digitPresses = :zero, #exp = if_not_exists(#exp, :exp)")
                .expressionAttributeNames(Map.of("#exp", "expiresAt"))
                .expressionAttributeValues(Map.of(":key", s(key), ":none", AttributeValue.fromM(Map.of()),
                        ":zero", n(0), ":exp", n(expiresAt())))
                .build());
        return new DigitEntry(key, "", 0);
    }

    @Override
    public Optional<DigitEntry> addDigit(String connectionId, String key, String orderKey, String digit) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(ConversationItems.stateKey(connectionId))
                    .updateExpression("SET digits.#order = :digit ADD digitPresses :one")
                    .conditionExpression("digitKey = :key")
                    .expressionAttributeNames(Map.of("#order", orderKey))
                    .expressionAttributeValues(Map.of(":digit", s(digit), ":one", n(1), ":key", s(key)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(ConversationItems.readDigits(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<DigitEntry> finishDigits(String connectionId, String key, int presses) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(ConversationItems.stateKey(connectionId))
                    .updateExpression("REMOVE digitKey, digits, digitPresses")
                    .conditionExpression("digitKey = :key AND digitPresses = :presses")
                    .expressionAttributeValues(Map.of(":key", s(key), ":presses", n(presses)))
                    .returnValues(ReturnValue.ALL_OLD)
                    .build());
            return Optional.of(ConversationItems.readDigits(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private void set(String connectionId, String attribute, AttributeValue value) {
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ConversationItems.stateKey(connectionId))
                .updateExpression("SET #a = :v, #exp = if_not_exists(#exp, :exp)")
                .expressionAttributeNames(Map.of("#a", attribute, "#exp", "expiresAt"))
                .expressionAttributeValues(Map.of(":v", value, ":exp", n(expiresAt())))
                .build());
    }

    private long expiresAt() {
        return clock.instant().plus(ttl).getEpochSecond();
    }
}
