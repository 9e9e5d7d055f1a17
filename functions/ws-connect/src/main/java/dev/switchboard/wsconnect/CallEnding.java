package dev.switchboard.wsconnect;

import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.CallSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a closed socket means for the call. The {@code <Connect action>} callback usually knows more (handoff,
 * reconnect), so the session is only updated while it still says this connection is connected: a later action
 * callback overwrites it, an earlier one is left alone, and a reconnected call (a newer connection) is not ended.
 */
final class CallEnding {

    private static final Set<String> CONNECTED = Set.of("created", "connected");

    private final ConversationStore conversations;
    private final CallSessionStore sessions;
    private final InstantSource clock;

    CallEnding(ConversationStore conversations, CallSessionStore sessions, InstantSource clock) {
        this.conversations = conversations;
        this.sessions = sessions;
        this.clock = clock;
    }

    void disconnected(String connectionId, long connectedAtMillis, long disconnectedAtMillis) {
        try {
            Log.clear();
            Log.put("connectionId", connectionId);
            Optional<ConversationState> found = conversations.state(connectionId);
            if (found.isEmpty()) {
                Log.info("disconnect.unknown_connection");
                return;
            }
            ConversationState state = found.get();
            Log.put("callSid", state.callSid());
            Log.put("useCase", state.useCaseId());
            String outcome = switch (state.status()) {
                case ENDED -> state.outcome().isEmpty() ? "ended" : state.outcome();
                case GONE -> "caller-gone";
                case ACTIVE -> "disconnected";
            };
            long seconds = duration(state, connectedAtMillis, disconnectedAtMillis).toSeconds();
            conversations.markEnded(connectionId, CallStatus.GONE, "disconnected");
            Log.info("disconnect", "outcome", outcome, "durationSeconds", seconds);
            if (state.callSid().isEmpty()) {
                return;
            }
            Optional<CallSession> session = sessions.get(state.callSid());
            if (session.isPresent() && connectionId.equals(session.get().connectionId())
                    && CONNECTED.contains(session.get().status())) {
                sessions.recordOutcome(state.callSid(), "ended", outcome, Map.of(
                        "durationSeconds", Long.toString(seconds), "connectionId", connectionId));
            } else {
                Log.info("disconnect.session_left", "sessionStatus", session.map(CallSession::status).orElse("missing"));
            }
        } catch (RuntimeException e) {
            Log.error("disconnect.failed", e);
        } finally {
            Log.clear();
        }
    }

    private Duration duration(ConversationState state, long connectedAtMillis, long disconnectedAtMillis) {
        Instant end = disconnectedAtMillis > 0 ? Instant.ofEpochMilli(disconnectedAtMillis) : clock.instant();
        Instant start = connectedAtMillis > 0 ? Instant.ofEpochMilli(connectedAtMillis) : state.startedAt();
        Duration duration = Duration.between(start, end);
        return duration.isNegative() || start.equals(Instant.EPOCH) ? Duration.ZERO : duration;
    }
}
