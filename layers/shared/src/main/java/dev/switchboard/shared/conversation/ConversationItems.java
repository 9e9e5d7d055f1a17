package dev.switchboard.shared.conversation;

import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.llm.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB items of a conversation and how they read back: {@code CONN#{connectionId}} / {@code STATE} for the
 * {@link ConversationState}, {@code MSG#…} for each {@link HistoryMessage}. {@link DynamoConversationStore} does the
 * I/O; this converts. Items written by earlier versions read the same (a missing attribute is empty, 0 or none).
 */
public final class ConversationItems {

    static final String STATE = "STATE";
    /** Keeps a message far below DynamoDB's 400 KB item limit. */
    static final int MAX_CONTENT_CHARS = 60_000;

    private ConversationItems() {
    }

    static String partitionKey(String connectionId) {
        return "CONN#" + connectionId;
    }

    /** What {@code setup} writes of a state (the turn is set only when absent, by the store). */
    static Map<String, AttributeValue> stateFields(ConversationState state, long expiresAt) {
        Map<String, AttributeValue> fields = new TreeMap<>();
        fields.put("callSid", s(state.callSid()));
        fields.put("useCaseId", s(state.useCaseId()));
        fields.put("from", s(state.from()));
        fields.put("to", s(state.to()));
        fields.put("language", s(state.language()));
        fields.put("failures", n(state.failures()));
        fields.put("status", s(state.status().key()));
        fields.put("outcome", s(state.outcome()));
        fields.put("callerName", s(state.caller().name()));
        fields.put("callerEmail", s(state.caller().email()));
        fields.put("callerNotes", s(state.caller().notes()));
        fields.put("callerLanguage", s(state.caller().language()));
        fields.put("facts", stringMap(state.facts()));
        fields.put("startedAt", s(state.startedAt().toString()));
        fields.put("expiresAt", n(expiresAt));
        return fields;
    }

    static Map<String, AttributeValue> messageItem(String connectionId, HistoryMessage m, long expiresAt) {
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
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    /** Reads a message item; the Tools engineer's continuation writes tool results in this shape too. */
    static HistoryMessage readMessage(Map<String, AttributeValue> item) {
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

    static ConversationState readState(String connectionId, Map<String, AttributeValue> item) {
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
        return ConversationState.builder(connectionId, startedAt.isEmpty() ? Instant.EPOCH : Instant.parse(startedAt))
                .callSid(str(item, "callSid"))
                .useCaseId(str(item, "useCaseId"))
                .from(str(item, "from"))
                .to(str(item, "to"))
                .turn(num(item, "turn"))
                .speakingStep(num(item, "speakingStep"))
                .language(str(item, "language"))
                .failures(num(item, "failures"))
                .status(CallStatus.fromKey(str(item, "status")))
                .outcome(str(item, "outcome"))
                .caller(new CallerProfile(str(item, "from"), str(item, "callerName"), str(item, "callerEmail"),
                        str(item, "callerNotes"), str(item, "callerLanguage")))
                .facts(facts)
                .digits(readDigits(item))
                .turnStartedAt(Instant.ofEpochMilli(number(item, "turnStartedAt")))
                .filler(str(item, "filler"))
                .build();
    }

    static DigitEntry readDigits(Map<String, AttributeValue> item) {
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

    static boolean expired(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) < nowSeconds;
    }

    /** The key of a connection's state item (the webhook reads its language from it). */
    public static Map<String, AttributeValue> stateKey(String connectionId) {
        return Map.of("pk", s(partitionKey(connectionId)), "sk", s(STATE));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue stringMap(Map<String, String> map) {
        Map<String, AttributeValue> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, s(v)));
        return AttributeValue.fromM(out);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static int num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : (int) Double.parseDouble(value.n());
    }
}
