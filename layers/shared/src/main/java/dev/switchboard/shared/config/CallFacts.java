package dev.switchboard.shared.config;

/**
 * Facts about the call in progress that a system prompt may mention. Absent values are empty strings.
 *
 * @param callSid  Twilio's call id
 * @param from     the caller's number (E.164)
 * @param to       the number they called
 * @param language the conversation's current language (BCP-47); empty means the use case's {@code relay.language}
 */
public record CallFacts(String callSid, String from, String to, String language) {

    public static CallFacts of(String callSid, String from, String to) {
        return new CallFacts(callSid, from, to, "");
    }

    public CallFacts withLanguage(String newLanguage) {
        return new CallFacts(callSid, from, to, newLanguage);
    }
}
