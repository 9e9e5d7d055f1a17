package dev.switchboard.twiml;

import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.shared.twilio.Twiml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The TwiML documents a call gets, built from its use case. */
final class CallTwiml {

    static final String APOLOGY = "We're sorry, we can't take your call right now. Please try again later.";
    static final String TRANSFER_APOLOGY = "We're sorry, something went wrong. Let me transfer you.";

    private final String websocketUrl;
    private final String actionUrl;

    CallTwiml(String websocketUrl, String actionUrl) {
        this.websocketUrl = websocketUrl;
        this.actionUrl = actionUrl;
    }

    /**
     * {@code <Connect action><ConversationRelay …>} with the use case's attributes (sorted by name), its
     * {@code <Language>}s and {@code <Parameter>}s: {@code callSid} and {@code useCaseId} first, then the use case's
     * own. A resumed session (after the socket dropped) gets {@code resumed=true} and no welcome greeting.
     */
    String connect(UseCase useCase, String callSid, boolean resumed) {
        Map<String, String> attributes = new TreeMap<>(useCase.relay());
        if (resumed) {
            attributes.remove("welcomeGreeting");
            attributes.remove("welcomeGreetingInterruptible");
        }
        List<Twiml.Language> languages = useCase.languages().stream()
                .map(l -> new Twiml.Language(l.code(), new TreeMap<>(l.attributes())))
                .toList();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("callSid", callSid);
        parameters.put("useCaseId", useCase.id());
        if (resumed) {
            parameters.put("resumed", "true");
        }
        new TreeMap<>(useCase.parameters()).forEach(parameters::putIfAbsent);
        return Twiml.response()
                .connect(actionUrl, new Twiml.ConversationRelay(websocketUrl, attributes, languages, parameters))
                .toXml();
    }

    /**
     * Routes the call per the use case's handoff config: the message, then {@code <Enqueue>} with a task carrying
     * the handoff data, {@code <Dial>}, or {@code <Hangup/>}.
     */
    String handoff(UseCase useCase, String callSid, HandoffData data) {
        return handoff(Twiml.response(), useCase, callSid, data);
    }

    /**
     * When the session ended while the caller is still on the line and no reconnect will follow: the use case's
     * {@code connectionLost} phrase in the call's language, then the same handoff as {@link #handoff}.
     *
     * @param data the handoff's reason and summary, in {@code data.language()} (the call's language)
     */
    String connectionLost(UseCase useCase, String callSid, HandoffData data) {
        Phrases.Spoken phrase = useCase.phrases().spoken(Phrases.Phrase.CONNECTION_LOST, data.language());
        return handoff(Twiml.response().say(phrase.text(), phrase.language()), useCase, callSid, data);
    }

    /**
     * When something broke before the conversation could start: an apology, then the use case's handoff when it
     * names a person to reach (enqueue or dial), else hang up.
     */
    String unavailable(UseCase useCase, String callSid, String reason) {
        String mode = useCase.handoff().mode();
        if ("enqueue".equals(mode) || "dial".equals(mode)) {
            Twiml twiml = Twiml.response().say(TRANSFER_APOLOGY, SystemPrompt.defaultLanguage(useCase));
            return route(twiml, useCase, callSid, HandoffData.handoff(reason, "", "")).toXml();
        }
        return apology(SystemPrompt.defaultLanguage(useCase));
    }

    /** An apology and {@code <Hangup/>}: when not even the use case is known. */
    static String apology(String language) {
        return Twiml.response().say(APOLOGY, language).hangup().toXml();
    }

    static String hangup() {
        return Twiml.response().hangup().toXml();
    }

    private static String handoff(Twiml twiml, UseCase useCase, String callSid, HandoffData data) {
        UseCase.Handoff config = useCase.handoff();
        String language = data.language().isEmpty() ? SystemPrompt.defaultLanguage(useCase) : data.language();
        if (!config.message().isBlank()) {
            twiml.say(config.message(), language);
        }
        return route(twiml, useCase, callSid, data).toXml();
    }

    private static Twiml route(Twiml twiml, UseCase useCase, String callSid, HandoffData data) {
        UseCase.Handoff config = useCase.handoff();
        return switch (config.mode()) {
            case "enqueue" -> twiml.enqueue(config.workflowSid(), task(useCase, callSid, data));
            case "dial" -> twiml.dial(config.number());
            default -> twiml.hangup();
        };
    }

    private static String task(UseCase useCase, String callSid, HandoffData data) {
        Map<String, String> task = new LinkedHashMap<>();
        task.put("type", "handoff");
        task.put("callSid", callSid);
        task.put("useCaseId", useCase.id());
        task.put("reason", data.reason());
        task.put("summary", data.summary());
        task.put("language", data.language().isEmpty() ? SystemPrompt.defaultLanguage(useCase) : data.language());
        return Json.write(task);
    }
}
