package dev.switchboard.shared.session;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code CALL#{callSid}} / {@code SESSION} item of a {@link CallSession} and how it reads back.
 * {@link DynamoCallSessionStore} does the I/O; this converts.
 */
final class CallSessionItems {

    private CallSessionItems() {
    }

    static Map<String, AttributeValue> key(String callSid) {
        return Map.of("pk", AttributeValue.fromS("CALL#" + callSid), "sk", AttributeValue.fromS("SESSION"));
    }

    static Map<String, AttributeValue> item(CallSession s, long expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(s.callSid()));
        item.put("callSid", s(s.callSid()));
        item.put("useCaseId", s(s.useCaseId()));
        item.put("from", s(s.from()));
        item.put("to", s(s.to()));
        item.put("accountSid", s(s.accountSid()));
        item.put("status", s(s.status()));
        item.put("createdAt", s(s.createdAt().toString()));
        item.put("connectionId", s(s.connectionId()));
        item.put("outcome", s(s.outcome()));
        item.put("facts", stringMap(s.facts()));
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    static CallSession read(String callSid, Map<String, AttributeValue> item) {
        Map<String, String> facts = new LinkedHashMap<>();
        AttributeValue stored = item.get("facts");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((k, v) -> {
                if (v.s() != null) {
                    facts.put(k, v.s());
                }
            });
        }
        return new CallSession(callSid, text(item, "useCaseId"), text(item, "from"), text(item, "to"),
                text(item, "accountSid"), text(item, "status"), instant(item, "createdAt"),
                text(item, "connectionId"), text(item, "outcome"), facts);
    }

    static AttributeValue stringMap(Map<String, String> map) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, s(v)));
        return AttributeValue.fromM(out);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        try {
            return Instant.parse(text(item, name));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
