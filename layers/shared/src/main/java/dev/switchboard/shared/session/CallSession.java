package dev.switchboard.shared.session;

import java.time.Instant;
import java.util.Map;

/**
 * One phone call, created by the voice webhook ({@code CALL#{callSid}} / {@code SESSION}) and updated as the call
 * goes on. Values not known yet are empty strings.
 *
 * @param status       {@code created} (webhook), {@code connected} (socket set up), {@code reconnecting}, then a
 *                     final one such as {@code ended}, {@code completed}, {@code failed}
 * @param connectionId the API Gateway WebSocket connection, once {@code setup} linked it
 * @param outcome      how the call ended: {@code handoff}, {@code hangup}, {@code reconnect-limit}, …
 * @param facts        extra call facts from the webhook (direction, caller's country, …), never prompt text
 */
public record CallSession(String callSid, String useCaseId, String from, String to, String accountSid, String status,
                          Instant createdAt, String connectionId, String outcome, Map<String, String> facts) {

    public CallSession {
        facts = Map.copyOf(facts);
    }

    /** A new session as the webhook creates it. */
    public static CallSession created(String callSid, String useCaseId, String from, String to, String accountSid,
                                      Instant createdAt, Map<String, String> facts) {
        return new CallSession(callSid, useCaseId, from, to, accountSid, "created", createdAt, "", "", facts);
    }
}
