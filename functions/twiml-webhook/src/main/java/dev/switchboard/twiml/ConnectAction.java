package dev.switchboard.twiml;

import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.session.ReconnectCounter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what happens when {@code <Connect>} ends (the action callback):
 * <ul>
 *   <li>the caller hung up ({@code CallStatus=completed}): {@code <Hangup/>};</li>
 *   <li>the agent ended the session with {@code HandoffData}: the use case's handoff, or {@code <Hangup/>} for a
 *       {@code hangup} action;</li>
 *   <li>the socket dropped while the caller is on the line ({@code SessionStatus=failed}, {@code ErrorCode=64105},
 *       {@code CallStatus=in-progress}): a fresh ConversationRelay session, at most {@code maxReconnects} times per
 *       call, then the handoff;</li>
 *   <li>anything else: {@code <Hangup/>}.</li>
 * </ul>
 * The outcome is recorded on the session; failing to record it does not change the answer.
 */
final class ConnectAction {

    static final String SOCKET_ENDED = "64105";

    private final UseCaseStore useCases;
    private final CallSessionStore sessions;
    private final ReconnectCounter reconnects;
    private final CallTwiml twiml;
    private final int maxReconnects;

    ConnectAction(UseCaseStore useCases, CallSessionStore sessions, ReconnectCounter reconnects, CallTwiml twiml,
                  int maxReconnects) {
        this.useCases = useCases;
        this.sessions = sessions;
        this.reconnects = reconnects;
        this.twiml = twiml;
        this.maxReconnects = maxReconnects;
    }

    String answer(Map<String, String> params) {
        String callSid = params.get("CallSid");
        String callStatus = params.getOrDefault("CallStatus", "");
        String sessionStatus = params.getOrDefault("SessionStatus", "");
        String errorCode = params.getOrDefault("ErrorCode", "");
        String handoffText = params.getOrDefault("HandoffData", "");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sessionStatus", sessionStatus);
        details.put("callStatus", callStatus);
        put(details, "errorCode", errorCode);
        put(details, "durationSeconds", params.getOrDefault("SessionDuration", ""));
        Log.info("action.received", "sessionStatus", sessionStatus, "callStatus", callStatus, "errorCode", errorCode,
                "handoffData", !handoffText.isEmpty());

        if ("completed".equals(callStatus)) {
            record(callSid, "completed", "caller_hung_up", details);
            return CallTwiml.hangup();
        }
        if (!handoffText.isEmpty()) {
            HandoffData data = HandoffData.parse(handoffText);
            details.put("reason", data.reason());
            if (data.isHangup()) {
                record(callSid, "ended", "hangup", details);
                return CallTwiml.hangup();
            }
            Optional<UseCase> useCase = useCase(callSid, params);
            if (useCase.isEmpty()) {
                record(callSid, "ended", "handoff_unavailable", details);
                return CallTwiml.apology(data.language().isEmpty() ? "en-US" : data.language());
            }
            record(callSid, "ended", "handoff_" + useCase.get().handoff().mode(), details);
            return twiml.handoff(useCase.get(), callSid, data);
        }
        if ("failed".equals(sessionStatus) && SOCKET_ENDED.equals(errorCode) && "in-progress".equals(callStatus)) {
            return reconnect(callSid, params, details);
        }
        record(callSid, sessionStatus.isEmpty() ? "ended" : sessionStatus, "ended", details);
        return CallTwiml.hangup();
    }

    private String reconnect(String callSid, Map<String, String> params, Map<String, String> details) {
        Optional<UseCase> useCase = useCase(callSid, params);
        if (useCase.isEmpty()) {
            return CallTwiml.apology("en-US");
        }
        int attempt;
        try {
            attempt = reconnects.increment(callSid);
        } catch (RuntimeException e) {
            Log.error("action.reconnect.uncounted", e);
            attempt = Integer.MAX_VALUE;
        }
        if (attempt <= maxReconnects) {
            details.put("reconnects", Integer.toString(attempt));
            record(callSid, "reconnecting", "reconnect", details);
            Log.info("action.reconnect", "attempt", attempt);
            return twiml.connect(useCase.get(), callSid, true);
        }
        Log.warn("action.reconnect.limit", "maxReconnects", maxReconnects);
        details.put("reason", "failures");
        record(callSid, "failed", "reconnect_limit", details);
        return twiml.handoff(useCase.get(), callSid,
                HandoffData.handoff("failures", "The call's connection dropped repeatedly.", ""));
    }

    /** The call's use case: from its session, else from the called number; empty when the table is unreachable. */
    private Optional<UseCase> useCase(String callSid, Map<String, String> params) {
        try {
            String id = sessions.get(callSid).map(CallSession::useCaseId).filter(s -> !s.isEmpty())
                    .orElseGet(() -> useCases.useCaseIdFor(params.getOrDefault("To", "")));
            LoadedUseCase loaded = useCases.load(id);
            ConfigProblem.log(loaded.problems());
            Log.put("useCase", loaded.useCase().id());
            return Optional.of(loaded.useCase());
        } catch (RuntimeException e) {
            Log.error("action.config.unavailable", e);
            return Optional.empty();
        }
    }

    private void record(String callSid, String status, String outcome, Map<String, String> details) {
        try {
            sessions.recordOutcome(callSid, status, outcome, details);
        } catch (RuntimeException e) {
            Log.error("action.outcome.unrecorded", e, "outcome", outcome);
        }
        Log.info("action.outcome", "status", status, "outcome", outcome);
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (!value.isEmpty()) {
            details.put(key, value);
        }
    }
}
