package dev.switchboard.twiml;

import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.session.ReconnectCounter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what happens when {@code <Connect>} ends (the action callback); {@link SessionEnding} says which case it
 * is and why:
 * <ul>
 *   <li>the caller is gone ({@code CallStatus} completed, canceled, busy, no-answer or failed): {@code <Hangup/>};</li>
 *   <li>the agent ended the session with {@code HandoffData}: the use case's handoff, or {@code <Hangup/>} for a
 *       {@code hangup} action;</li>
 *   <li>a failure a new session can get past ({@code SessionStatus=failed} with {@code 64105}, {@code 39001} or
 *       {@code 64114}) while the caller is on the line: a fresh ConversationRelay session, at most
 *       {@code maxReconnects} times per call, then as below;</li>
 *   <li>any other ending while the caller is on the line (an error a retry cannot fix, a session that completed
 *       without the agent ending it): the use case's {@code connectionLost} phrase in the call's language, then its
 *       handoff.</li>
 * </ul>
 * Each answer is logged once ({@code action.decision}) and recorded on the session; failing to record it does not
 * change the answer.
 */
final class ConnectAction {

    static final String SOCKET_ENDED = "64105";

    private final UseCaseStore useCases;
    private final CallSessionStore sessions;
    private final ReconnectCounter reconnects;
    private final CallLanguages languages;
    private final CallTwiml twiml;
    private final int maxReconnects;

    ConnectAction(UseCaseStore useCases, CallSessionStore sessions, ReconnectCounter reconnects,
                  CallLanguages languages, CallTwiml twiml, int maxReconnects) {
        this.useCases = useCases;
        this.sessions = sessions;
        this.reconnects = reconnects;
        this.languages = languages;
        this.twiml = twiml;
        this.maxReconnects = maxReconnects;
    }

    /** The TwiML Twilio runs next, with the decision and why (for the log). */
    private record Answer(String decision, String reason, String twiml) {
    }

    String answer(Map<String, String> params) {
        String callSid = params.get("CallSid");
        SessionEnding ending = SessionEnding.from(params);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sessionStatus", ending.sessionStatus());
        details.put("callStatus", ending.callStatus());
        put(details, "errorCode", ending.errorCode());
        put(details, "durationSeconds", params.getOrDefault("SessionDuration", ""));

        Answer answer = switch (ending.decision()) {
            case CALLER_GONE -> {
                record(callSid, "completed", "caller_hung_up", details);
                yield new Answer("hangup", "caller_gone", CallTwiml.hangup());
            }
            case PLANNED -> planned(callSid, params, HandoffData.parse(ending.handoffData()), details);
            case RECONNECT -> reconnect(callSid, params, details);
            case CONNECTION_LOST -> connectionLost(callSid, params, ending, details);
        };
        Log.info("action.decision", "sessionStatus", ending.sessionStatus(), "errorCode", ending.errorCode(),
                "callStatus", ending.callStatus(), "handoffData", !ending.handoffData().isEmpty(),
                "decision", answer.decision(), "reason", answer.reason());
        return answer.twiml();
    }

    private Answer planned(String callSid, Map<String, String> params, HandoffData data, Map<String, String> details) {
        details.put("reason", data.reason());
        if (data.isHangup()) {
            record(callSid, "ended", "hangup", details);
            return new Answer("hangup", "agent_ended", CallTwiml.hangup());
        }
        Optional<UseCase> useCase = useCase(params, known(callSid));
        if (useCase.isEmpty()) {
            record(callSid, "ended", "handoff_unavailable", details);
            return new Answer("apology", "use_case_unavailable",
                    CallTwiml.apology(data.language().isEmpty() ? "en-US" : data.language()));
        }
        record(callSid, "ended", "handoff_" + useCase.get().handoff().mode(), details);
        return new Answer("handoff", "agent_ended", twiml.handoff(useCase.get(), callSid, data));
    }

    private Answer reconnect(String callSid, Map<String, String> params, Map<String, String> details) {
        Known known = known(callSid);
        Optional<UseCase> useCase = useCase(params, known);
        if (useCase.isEmpty()) {
            return new Answer("apology", "use_case_unavailable", CallTwiml.apology("en-US"));
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
            return new Answer("reconnect", "retryable_error", twiml.connect(useCase.get(), callSid, true));
        }
        Log.warn("action.reconnect.limit", "maxReconnects", maxReconnects);
        return handOff(callSid, known, useCase.get(), new Loss("failed", "reconnect_limit", "reconnect_limit",
                "The call's connection dropped repeatedly."), details);
    }

    private Answer connectionLost(String callSid, Map<String, String> params, SessionEnding ending,
                                  Map<String, String> details) {
        String status = ending.sessionStatus().isEmpty() ? "ended" : ending.sessionStatus();
        Known known = known(callSid);
        Optional<UseCase> useCase = useCase(params, known);
        if (useCase.isEmpty()) {
            record(callSid, status, "handoff_unavailable", details);
            return new Answer("apology", "use_case_unavailable", CallTwiml.apology("en-US"));
        }
        String summary = "The voice session ended unexpectedly"
                + (ending.errorCode().isEmpty() ? "." : " (Twilio error " + ending.errorCode() + ").");
        return handOff(callSid, known, useCase.get(),
                new Loss(status, "connection_lost", ending.unplannedReason(), summary), details);
    }

    /**
     * How an unplanned ending is recorded and explained.
     *
     * @param status  the session's final status
     * @param outcome the recorded outcome
     * @param reason  why there is no (further) reconnect, for the log
     * @param summary for the person who takes the call
     */
    private record Loss(String status, String outcome, String reason, String summary) {
    }

    /** The connectionLost phrase in the call's language, then the use case's handoff. */
    private Answer handOff(String callSid, Known known, UseCase useCase, Loss loss, Map<String, String> details) {
        String language = language(known, useCase);
        details.put("reason", "failures");
        details.put("ending", loss.reason());
        details.put("language", language);
        record(callSid, loss.status(), loss.outcome(), details);
        return new Answer("connection_lost_handoff", loss.reason(),
                twiml.connectionLost(useCase, callSid, HandoffData.handoff("failures", loss.summary(), language)));
    }

    /** The call's language: the conversation's last one when it recorded one, else the use case's own. */
    private String language(Known known, UseCase useCase) {
        if (!known.connectionId().isEmpty()) {
            try {
                Optional<String> last = languages.lastLanguage(known.connectionId());
                if (last.isPresent()) {
                    return last.get();
                }
            } catch (RuntimeException e) {
                Log.error("action.language.unavailable", e);
            }
        }
        return SystemPrompt.defaultLanguage(useCase);
    }

    /**
     * What the call's session knows; empty strings when there is no session or it cannot be read.
     *
     * @param useCaseId    the use case the call was answered with
     * @param connectionId the call's latest WebSocket connection
     */
    private record Known(String useCaseId, String connectionId) {
    }

    private Known known(String callSid) {
        try {
            return sessions.get(callSid).map(s -> new Known(s.useCaseId(), s.connectionId()))
                    .orElse(new Known("", ""));
        } catch (RuntimeException e) {
            Log.error("action.session.unavailable", e);
            return new Known("", "");
        }
    }

    /** The call's use case: from its session, else from the called number; empty when the table is unreachable. */
    private Optional<UseCase> useCase(Map<String, String> params, Known known) {
        try {
            String id = known.useCaseId().isEmpty() ? useCases.useCaseIdFor(params.getOrDefault("To", ""))
                    : known.useCaseId();
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
