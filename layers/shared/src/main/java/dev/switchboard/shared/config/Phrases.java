package dev.switchboard.shared.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent says on its own, never the model: per phrase, a text per language (BCP-47 codes as in
 * {@code relay.language} and {@code languages[].code}). A phrase the use case leaves out, or a language it has no
 * text for, falls back to the same primary language ({@code es} for {@code es-MX}), then to the use case's
 * first text, then to the built-in English text.
 */
public record Phrases(Map<Phrase, Map<String, String>> texts) {

    /** The language of the built-in texts. */
    public static final String BUILT_IN_LANGUAGE = "en-US";

    /** The phrases a use case may set, with the name they have in the use case and their built-in English text. */
    public enum Phrase {
        /** A turn failed (the model, a tool or the database) and the caller is asked to go on. */
        APOLOGY("apology", "Sorry, I'm having a little trouble right now. Could you say that again?"),
        /** The model has not started answering within {@code llm.fillerAfterMs}. */
        FILLER("filler", "One moment."),
        /** The model ended the call without saying anything. */
        GOODBYE("goodbye", "Thank you for calling. Goodbye!"),
        /** A reply ran into the turn's time limit (API Gateway's 29 s) and was cut short. */
        WRAP_UP("wrapUp", "Sorry, that's taking longer than it should. Let's keep going."),
        /** The voice session ended unexpectedly while the caller is still on the line. */
        CONNECTION_LOST("connectionLost", "Sorry, something went wrong on our side.");

        private final String key;
        private final String english;

        Phrase(String key, String english) {
            this.key = key;
            this.english = english;
        }

        /** The phrase's name in the use case's {@code phrases} map. */
        public String key() {
            return key;
        }

        public String english() {
            return english;
        }

        public static Optional<Phrase> named(String key) {
            for (Phrase phrase : values()) {
                if (phrase.key.equals(key)) {
                    return Optional.of(phrase);
                }
            }
            return Optional.empty();
        }
    }

    public Phrases {
        Map<Phrase, Map<String, String>> copy = new EnumMap<>(Phrase.class);
        texts.forEach((phrase, byLanguage) -> copy.put(phrase, Collections.unmodifiableMap(new LinkedHashMap<>(byLanguage))));
        texts = Map.copyOf(copy);
    }

    /** Only the built-in English texts. */
    public static Phrases builtIn() {
        return new Phrases(Map.of());
    }

    /**
     * A text and the language it is written in: the requested language when the use case has a text in it (or in
     * its primary language), else the language of the fallback text, so a {@code <Say>} can name the right voice.
     */
    public record Spoken(String text, String language) {
    }

    /** The text of {@code phrase} for {@code language} (see the class comment for the fallbacks). */
    public String say(Phrase phrase, String language) {
        return spoken(phrase, language).text();
    }

    /** {@link #say}, with the language the text is in (a fallback text may be in another language). */
    public Spoken spoken(Phrase phrase, String language) {
        Map<String, String> byLanguage = texts.getOrDefault(phrase, Map.of());
        String requested = language == null ? "" : language;
        for (Map.Entry<String, String> e : byLanguage.entrySet()) {
            if (e.getKey().equalsIgnoreCase(requested)) {
                return new Spoken(e.getValue(), requested);
            }
        }
        String primary = primary(requested);
        for (Map.Entry<String, String> e : byLanguage.entrySet()) {
            if (primary(e.getKey()).equals(primary)) {
                return new Spoken(e.getValue(), requested);
            }
        }
        if ("en".equals(primary)) {
            return new Spoken(phrase.english(), requested);
        }
        if (byLanguage.isEmpty()) {
            return new Spoken(phrase.english(), BUILT_IN_LANGUAGE);
        }
        Map.Entry<String, String> first = byLanguage.entrySet().iterator().next();
        return new Spoken(first.getValue(), first.getKey());
    }

    private static String primary(String code) {
        return code.toLowerCase(Locale.ROOT).split("[-_]")[0];
    }
}
