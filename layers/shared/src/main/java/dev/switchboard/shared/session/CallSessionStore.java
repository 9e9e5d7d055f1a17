package dev.switchboard.shared.session;

import java.util.Map;
import java.util.Optional;

/**
 * Call sessions. The adapter is {@link DynamoCallSessionStore}. Methods throw an unchecked exception when the store
 * is unreachable; updates of a session that does not exist are logged and ignored.
 */
public interface CallSessionStore {

    /** Creates the session unless one exists for its CallSid; {@code false} when it already existed. */
    boolean create(CallSession session);

    /** The session, unless it does not exist or has expired. */
    Optional<CallSession> get(String callSid);

    /** Records the WebSocket connection serving the call ({@code setup}) and sets status {@code connected}. */
    void linkConnection(String callSid, String connectionId);

    /**
     * Records how (part of) the call ended: the action callback, {@code $disconnect}.
     *
     * @param details small string facts such as {@code durationSeconds}, {@code errorCode}, {@code reason};
     *                a numeric {@code durationSeconds} is also stored as its own number attribute
     */
    void recordOutcome(String callSid, String status, String outcome, Map<String, String> details);
}
