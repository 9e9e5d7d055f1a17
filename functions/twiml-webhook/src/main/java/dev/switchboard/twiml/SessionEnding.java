package dev.switchboard.twiml;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a ConversationRelay session ended, as the {@code <Connect action>} callback tells it, and what that calls for.
 *
 * <p>Twilio's TwiML page (twilio.com/docs/voice/twiml/connect/conversationrelay, "Connect action URL callback")
 * documents {@code SessionStatus} {@code ended} (the app sent {@code end}, with {@code HandoffData}), {@code failed}
 * (with {@code ErrorCode}/{@code ErrorMessage}; its example is {@code 39001} "Network connection to WebSocket server
 * failed" with {@code CallStatus=in-progress}) and {@code completed} (its example: the caller hung up,
 * {@code CallStatus=completed}). {@code CallStatus} is the call's: {@code in-progress} while the caller is on the
 * line; {@code completed}, {@code canceled}, {@code busy}, {@code no-answer} and {@code failed} once the call is
 * over (Twilio's call statuses).
 *
 * <p>Which failures a new session can fix, per Twilio's error pages (twilio.com/docs/api/errors/{code}):
 * <ul>
 *   <li>retry: {@code 64105} WebSocket ended (causes: server no longer healthy, network issues), {@code 39001}
 *       network connection to the WebSocket server failed, {@code 64114} ASR provider connection error (causes:
 *       provider operational issue, connection timeout, dropped connection);</li>
 *   <li>no retry (the same TwiML would fail the same way): {@code 64101} invalid {@code <ConversationRelay>}
 *       parameter, {@code 64102} cannot connect to the WebSocket URL (causes: wrong url, no or unhealthy server),
 *       {@code 64104} maximum call duration, {@code 64106} argument the provider does not support, {@code 64107}
 *       invalid message from the app, {@code 64108} RTP timeout (audio stopped), {@code 64109} concurrency limit;
 *       and any code not listed here.</li>
 * </ul>
 *
 * @param callStatus    {@code CallStatus}, lower case, {@code _} read as {@code -} ({@code IN_PROGRESS} has been
 *                      seen on reconnected setups)
 * @param sessionStatus {@code SessionStatus}
 * @param errorCode     {@code ErrorCode}; empty when there is none
 * @param handoffData   {@code HandoffData}; empty when there is none
 */
record SessionEnding(String callStatus, String sessionStatus, String errorCode, String handoffData) {

    /** Call statuses after which nobody is on the line. */
    static final Set<String> CALLER_GONE = Set.of("completed", "canceled", "busy", "no-answer", "failed");
    /** Error codes a fresh ConversationRelay session can get past (see the class comment). */
    static final Set<String> RETRYABLE = Set.of("64105", "39001", "64114");

    enum Decision {
        /** The call is over: {@code <Hangup/>}. */
        CALLER_GONE,
        /** The agent ended the session with {@code HandoffData}: the handoff it asked for, or a hang-up. */
        PLANNED,
        /** A failure a new session may get past: reconnect (within the limit). */
        RECONNECT,
        /** Anything else while the caller is on the line: the connectionLost phrase, then the handoff. */
        CONNECTION_LOST
    }

    static SessionEnding from(Map<String, String> params) {
        return new SessionEnding(
                params.getOrDefault("CallStatus", "").trim().toLowerCase(Locale.ROOT).replace('_', '-'),
                params.getOrDefault("SessionStatus", "").trim().toLowerCase(Locale.ROOT),
                params.getOrDefault("ErrorCode", "").trim(),
                params.getOrDefault("HandoffData", ""));
    }

    /**
     * An unknown or missing {@code CallStatus} counts as a caller on the line: words to nobody cost nothing, a
     * hang-up on a caller does.
     */
    Decision decision() {
        if (CALLER_GONE.contains(callStatus)) {
            return Decision.CALLER_GONE;
        }
        if (!handoffData.isEmpty()) {
            return Decision.PLANNED;
        }
        if ("failed".equals(sessionStatus) && RETRYABLE.contains(errorCode)) {
            return Decision.RECONNECT;
        }
        return Decision.CONNECTION_LOST;
    }

    /**
     * Why a session that ended with the caller on the line gets no reconnect. {@code completed} with the caller
     * still there is not a documented combination: nothing says a retry would help, so the caller is handed off.
     */
    String unplannedReason() {
        return switch (sessionStatus) {
            case "failed" -> errorCode.isEmpty() ? "failed_without_error_code" : "not_retryable";
            case "completed" -> "session_completed";
            case "ended" -> "ended_without_handoff_data";
            default -> "unknown_session_status";
        };
    }
}
