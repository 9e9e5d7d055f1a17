package dev.switchboard.twiml;

import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.ReconnectCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * In-memory sessions, and the language each connection's conversation last recorded ({@link #languages}, by
 * connection id); {@link #failing} makes every call throw like an unreachable DynamoDB.
 */
class FakeSessions implements CallSessionStore, ReconnectCounter, CallLanguages {

    record Outcome(String callSid, String status, String outcome, Map<String, String> details) {
    }

    final Map<String, CallSession> sessions = new HashMap<>();
    final Map<String, Integer> reconnects = new HashMap<>();
    final List<Outcome> outcomes = new ArrayList<>();
    final Map<String, String> languages = new HashMap<>();
    boolean failing;

    @Override
    public boolean create(CallSession session) {
        failIfAsked();
        return sessions.putIfAbsent(session.callSid(), session) == null;
    }

    @Override
    public Optional<CallSession> get(String callSid) {
        failIfAsked();
        return Optional.ofNullable(sessions.get(callSid));
    }

    @Override
    public void linkConnection(String callSid, String connectionId) {
        failIfAsked();
        sessions.computeIfPresent(callSid, (k, s) -> new CallSession(s.callSid(), s.useCaseId(), s.from(), s.to(),
                s.accountSid(), "connected", s.createdAt(), connectionId, s.outcome(), s.facts()));
    }

    @Override
    public void recordOutcome(String callSid, String status, String outcome, Map<String, String> details) {
        failIfAsked();
        outcomes.add(new Outcome(callSid, status, outcome, Map.copyOf(details)));
    }

    @Override
    public int increment(String callSid) {
        failIfAsked();
        if (!sessions.containsKey(callSid)) {
            return Integer.MAX_VALUE;
        }
        return reconnects.merge(callSid, 1, Integer::sum);
    }

    @Override
    public Optional<String> lastLanguage(String connectionId) {
        failIfAsked();
        return Optional.ofNullable(languages.get(connectionId));
    }

    private void failIfAsked() {
        if (failing) {
            throw SdkClientException.create("Unable to execute HTTP request: Connect to dynamodb timed out");
        }
    }
}
