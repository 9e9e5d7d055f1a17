package dev.switchboard.shared.snapstart;

import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.ReconnectCounter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Call sessions in memory, for priming steps that run a handler's real logic without the table. One instance per
 * priming run: it is garbage before the snapshot.
 */
public final class SampleCallSessions implements CallSessionStore, ReconnectCounter {

    private final Map<String, CallSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> reconnects = new ConcurrentHashMap<>();

    @Override
    public boolean create(CallSession session) {
        return sessions.putIfAbsent(session.callSid(), session) == null;
    }

    @Override
    public Optional<CallSession> get(String callSid) {
        return Optional.ofNullable(sessions.get(callSid));
    }

    @Override
    public void linkConnection(String callSid, String connectionId) {
        sessions.computeIfPresent(callSid, (sid, s) -> new CallSession(s.callSid(), s.useCaseId(), s.from(), s.to(),
                s.accountSid(), "connected", s.createdAt(), connectionId, s.outcome(), s.facts()));
    }

    @Override
    public void recordOutcome(String callSid, String status, String outcome, Map<String, String> details) {
        sessions.computeIfPresent(callSid, (sid, s) -> new CallSession(s.callSid(), s.useCaseId(), s.from(), s.to(),
                s.accountSid(), status, s.createdAt(), s.connectionId(), outcome, s.facts()));
    }

    @Override
    public int increment(String callSid) {
        return sessions.containsKey(callSid) ? reconnects.merge(callSid, 1, Integer::sum) : Integer.MAX_VALUE;
    }
}
