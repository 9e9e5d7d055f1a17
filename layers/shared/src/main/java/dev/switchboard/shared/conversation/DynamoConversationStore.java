package dev.switchboard.shared.conversation;

import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.llm.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    /** Keeps a message far below DynamoDB's 400 KB item limit. */
    static final int MAX_CONTENT_CHARS = 60_000;
    static final String STATE = "STATE";

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
        return "CONN#" + connectionId;
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
                    .expressionAttributeValues(Map.of(":pk", s(partitionKey(connectionId))))
                    .scanIndexForward(false)
                    .limit(wanted);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamoDb.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                wanted--;
                if (expired(item, nowSeconds)) {
                    continue;
                }
                String sk = str(item, "sk");
                if (STATE.equals(sk)) {
                    state = Optional.of(readState(connectionId, item));
                } else if (sk.startsWith(HistoryMessage.PREFIX)) {
                    newestFirst.add(readMessage(item));
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && wanted > 0);
        return new ConversationSnapshot(state, window.cut(newestFirst));
    }

    @Override
    public Optional<ConversationState> state(String connectionId) {
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(stateKey(connectionId))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()
                || expired(response.item(), clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(readState(connectionId, response.item()));
    }

    @Override
    public void saveState(ConversationState state) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #turn = if_not_exists(#turn, :initial)");
        values.put(":initial", n(state.turn()));
        names.put("#turn", "turn");
        Map<String, AttributeValue> fields = new TreeMap<>();
        fields.put("callSid", s(state.callSid()));
        fields.put("useCaseId", s(state.useCaseId()));
        fields.put("from", s(state.from()));
        fields.put("to", s(state.to()));
        fields.put("language", s(state.language()));
        fields.put("failures", n(state.failures()));
        fields.put("status", s(state.status()));
        fields.put("outcome", s(state.outcome()));
        fields.put("callerName", s(state.caller().name()));
        fields.put("callerEmail", s(state.caller().email()));
        fields.put("callerNotes", s(state.caller().notes()));
        fields.put("callerLanguage", s(state.caller().language()));
        fields.put("facts", stringMap(state.facts()));
        fields.put("startedAt", s(state.startedAt().toString()));
        fields.put("expiresAt", n(expiresAt()));
        int i = 0;
        for (var field : fields.entrySet()) {
            names.put("#f" + i, field.getKey());
            values.put(":f" + i, field.getValue());
            set.append(", #f").append(i).append(" = :f").append(i);
            i++;
        }
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(state.connectionId()))
                .updateExpression(set.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build());
    }

    @Override
    public int nextTurn(String connectionId, Instant startedAt) {
        UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                .key(stateKey(connectionId))
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
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
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
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
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
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
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
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(stateKey(connectionId))
                .consistentRead(true)
                .projectionExpression("#turn")
                .expressionAttributeNames(Map.of("#turn", "turn")));
        return response.hasItem() ? num(response.item(), "turn") : 0;
    }

    @Override
    public void append(String connectionId, HistoryMessage message) {
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(messageItem(connectionId, message)).build());
    }

    @Override
    public boolean appendIfAbsent(String connectionId, HistoryMessage message) {
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(messageItem(connectionId, message))
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
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(messageItem(connectionId, rewritten))
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
                    .item(Map.of("pk", s(partitionKey(connectionId)), "sk", s("CLAIM#" + name),
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
    public void markEnded(String connectionId, String status, String outcome) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
                    .updateExpression("SET #status = :status, #outcome = :outcome, #exp = if_not_exists(#exp, :exp)")
                    .conditionExpression("attribute_not_exists(#status) OR #status = :active")
                    .expressionAttributeNames(Map.of("#status", "status", "#outcome", "outcome", "#exp", "expiresAt"))
                    .expressionAttributeValues(Map.of(":status", s(status), ":outcome", s(outcome),
                            ":active", s(ConversationState.ACTIVE), ":exp", n(expiresAt())))
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
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
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
                    .key(stateKey(connectionId))
                    .updateExpression("SET digits.#order = :digit ADD digitPresses :one")
                    .conditionExpression("digitKey = :key")
                    .expressionAttributeNames(Map.of("#order", orderKey))
                    .expressionAttributeValues(Map.of(":digit", s(digit), ":one", n(1), ":key", s(key)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(readDigits(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<DigitEntry> finishDigits(String connectionId, String key, int presses) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName)
                    .key(stateKey(connectionId))
                    .updateExpression("REMOVE digitKey, digits, digitPresses")
                    .conditionExpression("digitKey = :key AND digitPresses = :presses")
                    .expressionAttributeValues(Map.of(":key", s(key), ":presses", n(presses)))
                    .returnValues(ReturnValue.ALL_OLD)
                    .build());
            return Optional.of(readDigits(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private void set(String connectionId, String attribute, AttributeValue value) {
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(stateKey(connectionId))
                .updateExpression("SET #a = :v, #exp = if_not_exists(#exp, :exp)")
                .expressionAttributeNames(Map.of("#a", attribute, "#exp", "expiresAt"))
                .expressionAttributeValues(Map.of(":v", value, ":exp", n(expiresAt())))
                .build());
    }

    private Map<String, AttributeValue> messageItem(String connectionId, HistoryMessage m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(partitionKey(connectionId)));
        item.put("sk", s(m.sortKey()));
        item.put("turn", n(m.turn()));
        item.put("step", n(m.step()));
        item.put("kind", s(m.kind().key()));
        String content = m.content();
        item.put("content", s(content.length() > MAX_CONTENT_CHARS ? content.substring(0, MAX_CONTENT_CHARS) : content));
        if (m.hasToolCalls()) {
            item.put("toolCalls", AttributeValue.fromL(m.toolCalls().stream()
                    .map(c -> AttributeValue.fromM(Map.of("id", s(c.id()), "name", s(c.name()),
                            "arguments", s(c.argumentsJson()))))
                    .toList()));
        }
        if (!m.toolCallId().isEmpty()) {
            item.put("toolCallId", s(m.toolCallId()));
        }
        if (!m.toolName().isEmpty()) {
            item.put("toolName", s(m.toolName()));
        }
        if (m.interrupted()) {
            item.put("interrupted", AttributeValue.fromBool(true));
        }
        item.put("at", s(m.at().toString()));
        item.put("expiresAt", n(expiresAt()));
        return item;
    }

    /** Reads a message item; the Tools engineer's continuation writes tool results in this shape too. */
    public static HistoryMessage readMessage(Map<String, AttributeValue> item) {
        List<ToolCall> calls = new ArrayList<>();
        AttributeValue list = item.get("toolCalls");
        if (list != null && list.hasL()) {
            for (AttributeValue call : list.l()) {
                Map<String, AttributeValue> c = call.m();
                calls.add(new ToolCall(str(c, "id"), str(c, "name"), str(c, "arguments")));
            }
        }
        AttributeValue interrupted = item.get("interrupted");
        String at = str(item, "at");
        return new HistoryMessage(num(item, "turn"), num(item, "step"), HistoryMessage.Kind.fromKey(str(item, "kind")),
                str(item, "content"), calls, str(item, "toolCallId"), str(item, "toolName"),
                interrupted != null && Boolean.TRUE.equals(interrupted.bool()),
                at.isEmpty() ? Instant.EPOCH : Instant.parse(at));
    }

    private static ConversationState readState(String connectionId, Map<String, AttributeValue> item) {
        Map<String, String> facts = new HashMap<>();
        AttributeValue f = item.get("facts");
        if (f != null && f.hasM()) {
            f.m().forEach((k, v) -> {
                if (v.s() != null) {
                    facts.put(k, v.s());
                }
            });
        }
        String startedAt = str(item, "startedAt");
        String status = str(item, "status");
        return new ConversationState(connectionId, str(item, "callSid"), str(item, "useCaseId"), str(item, "from"),
                str(item, "to"), num(item, "turn"), num(item, "speakingStep"), str(item, "language"),
                num(item, "failures"), status.isEmpty() ? ConversationState.ACTIVE : status, str(item, "outcome"),
                new CallerProfile(str(item, "from"), str(item, "callerName"), str(item, "callerEmail"),
                        str(item, "callerNotes"), str(item, "callerLanguage")),
                facts, readDigits(item), startedAt.isEmpty() ? Instant.EPOCH : Instant.parse(startedAt),
                Instant.ofEpochMilli(number(item, "turnStartedAt")), str(item, "filler"));
    }

    private static DigitEntry readDigits(Map<String, AttributeValue> item) {
        String key = str(item, "digitKey");
        if (key.isEmpty()) {
            return DigitEntry.NONE;
        }
        StringBuilder digits = new StringBuilder();
        AttributeValue map = item.get("digits");
        if (map != null && map.hasM()) {
            new TreeMap<>(map.m()).values().forEach(v -> digits.append(v.s() == null ? "" : v.s()));
        }
        return new DigitEntry(key, digits.toString(), num(item, "digitPresses"));
    }

    private static boolean expired(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) < nowSeconds;
    }

    private long expiresAt() {
        return clock.instant().plus(ttl).getEpochSecond();
    }

    private static Map<String, AttributeValue> stateKey(String connectionId) {
        return Map.of("pk", s(partitionKey(connectionId)), "sk", s(STATE));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue stringMap(Map<String, String> map) {
        Map<String, AttributeValue> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, s(v)));
        return AttributeValue.fromM(out);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static int num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : (int) Double.parseDouble(value.n());
    }
}
