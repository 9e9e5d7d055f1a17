package dev.switchboard.twiml;

import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.CallSessionStore;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers an incoming call: picks the use case for the called number, creates the call session, and returns the
 * ConversationRelay TwiML. A bad config item still answers (defaults, problems logged); an unreachable table
 * answers with an apology (and the handoff, when the use case is known).
 */
final class CallAnswerer {

    /** Webhook parameters kept on the session as call facts (never prompt text). */
    private static final Map<String, String> FACTS = Map.of(
            "Direction", "direction",
            "CallerName", "callerName",
            "FromCountry", "fromCountry",
            "FromState", "fromState",
            "FromCity", "fromCity",
            "ToCountry", "toCountry",
            "ForwardedFrom", "forwardedFrom");

    private final UseCaseStore useCases;
    private final CallSessionStore sessions;
    private final CallTwiml twiml;
    private final InstantSource clock;

    CallAnswerer(UseCaseStore useCases, CallSessionStore sessions, CallTwiml twiml, InstantSource clock) {
        this.useCases = useCases;
        this.sessions = sessions;
        this.twiml = twiml;
        this.clock = clock;
    }

    String answer(Map<String, String> params) {
        String callSid = params.get("CallSid");
        String from = params.getOrDefault("From", "");
        String to = params.getOrDefault("To", "");
        LoadedUseCase loaded;
        try {
            loaded = useCases.load(useCases.useCaseIdFor(to));
        } catch (RuntimeException e) {
            Log.error("webhook.config.unavailable", e, "to", Log.maskNumber(to));
            return CallTwiml.apology("en-US");
        }
        ConfigProblem.log(loaded.problems());
        UseCase useCase = loaded.useCase();
        Log.put("useCase", useCase.id());
        try {
            boolean created = sessions.create(CallSession.created(callSid, useCase.id(), from, to,
                    params.getOrDefault("AccountSid", ""), clock.instant(), facts(params)));
            if (!created) {
                Log.info("webhook.session.exists");
            }
        } catch (RuntimeException e) {
            Log.error("webhook.session.unavailable", e);
            return twiml.unavailable(useCase, callSid, "session_unavailable");
        }
        Log.info("webhook.answered", "from", Log.maskNumber(from), "to", Log.maskNumber(to),
                "configProblems", loaded.problems().size());
        return twiml.connect(useCase, callSid, false);
    }

    private static Map<String, String> facts(Map<String, String> params) {
        Map<String, String> facts = new LinkedHashMap<>();
        FACTS.forEach((param, fact) -> {
            String value = params.getOrDefault(param, "");
            if (!value.isEmpty()) {
                facts.put(fact, value);
            }
        });
        return facts;
    }
}
