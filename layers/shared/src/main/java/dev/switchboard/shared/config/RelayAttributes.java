package dev.switchboard.shared.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code <ConversationRelay>} attributes a use case may set, named exactly as Twilio documents them, with the
 * values each accepts. {@code url} is not here: the deployment sets it ({@code WEBSOCKET_URL}). An attribute name
 * that is not listed is a config problem, never emitted to Twilio.
 */
public final class RelayAttributes {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Set<String> INPUT_MODES = Set.of("none", "dtmf", "speech", "any");

    /** Checks one value; the answer is empty when it is fine, else why it is not. */
    @FunctionalInterface
    interface Rule {
        Optional<String> check(String value);
    }

    private static final Rule ANY = value -> Optional.empty();
    private static final Rule BOOLEAN = oneOf("true", "false");
    private static final Rule LANGUAGE_TAG = value -> LANGUAGE.matcher(value).matches()
            ? Optional.empty() : Optional.of("'" + value + "' is not a BCP-47 language tag such as en-US");
    private static final Rule LANGUAGE_OR_MULTI = value -> "multi".equals(value) ? Optional.empty()
            : LANGUAGE_TAG.check(value);

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("welcomeGreeting", ANY),
            Map.entry("welcomeGreetingInterruptible", oneOf(INPUT_MODES.toArray(String[]::new))),
            Map.entry("language", LANGUAGE_TAG),
            Map.entry("ttsLanguage", LANGUAGE_OR_MULTI),
            Map.entry("transcriptionLanguage", LANGUAGE_OR_MULTI),
            Map.entry("ttsProvider", oneOfIgnoringCase("Google", "Amazon", "ElevenLabs")),
            Map.entry("voice", ANY),
            Map.entry("transcriptionProvider", oneOfIgnoringCase("Google", "Deepgram")),
            Map.entry("speechModel", ANY),
            Map.entry("interruptible", oneOf("none", "dtmf", "speech", "any", "true", "false")),
            Map.entry("interruptSensitivity", oneOf("low", "medium", "high")),
            Map.entry("dtmfDetection", BOOLEAN),
            Map.entry("reportInputDuringAgentSpeech", oneOf(INPUT_MODES.toArray(String[]::new))),
            Map.entry("preemptible", BOOLEAN),
            Map.entry("hints", ANY),
            Map.entry("debug", wordsOf("debugging", "speaker-events", "tokens-played")),
            Map.entry("elevenlabsTextNormalization", oneOf("on", "auto", "off")),
            Map.entry("intelligenceService", ANY),
            Map.entry("deepgramSmartFormat", BOOLEAN),
            Map.entry("partialPrompts", BOOLEAN),
            Map.entry("profanityFilter", BOOLEAN),
            Map.entry("speechTimeout", RelayAttributes::speechTimeout),
            Map.entry("ignoreBackchannel", BOOLEAN),
            Map.entry("backgroundNoiseReduction", ANY),
            Map.entry("events", wordsOf("speaker-events", "tokens-played")),
            Map.entry("eotThreshold", RelayAttributes::eotThreshold),
            Map.entry("turnDetection", ANY),
            Map.entry("conversationConfiguration", ANY),
            Map.entry("conversationId", ANY),
            Map.entry("interruptByDtmf", BOOLEAN));

    /** Attributes a {@code <Language>} element may carry besides {@code code}. */
    private static final Set<String> LANGUAGE_ELEMENT = Set.of("ttsProvider", "voice", "transcriptionProvider",
            "speechModel");

    private RelayAttributes() {
    }

    public static Set<String> names() {
        return RULES.keySet();
    }

    public static boolean isKnown(String name) {
        return RULES.containsKey(name);
    }

    /** Why {@code value} is not acceptable for attribute {@code name}; empty when it is. */
    public static Optional<String> check(String name, String value) {
        Rule rule = RULES.get(name);
        if (rule == null) {
            return Optional.of("unknown <ConversationRelay> attribute");
        }
        return rule.check(value);
    }

    public static Set<String> languageElementAttributes() {
        return LANGUAGE_ELEMENT;
    }

    static Optional<String> checkLanguageCode(String code) {
        return LANGUAGE_OR_MULTI.check(code);
    }

    private static Rule oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return value -> set.contains(value) ? Optional.empty()
                : Optional.of("'" + value + "' is not one of " + String.join(", ", allowed));
    }

    private static Rule oneOfIgnoringCase(String... allowed) {
        Set<String> set = Arrays.stream(allowed).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return value -> set.contains(value.toLowerCase(Locale.ROOT)) ? Optional.empty()
                : Optional.of("'" + value + "' is not one of " + String.join(", ", allowed));
    }

    private static Rule wordsOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return value -> {
            for (String word : value.trim().split("\\s+")) {
                if (!set.contains(word)) {
                    return Optional.of("'" + word + "' is not one of " + String.join(", ", allowed)
                            + " (space-separated)");
                }
            }
            return Optional.empty();
        };
    }

    private static Optional<String> speechTimeout(String value) {
        if ("auto".equals(value)) {
            return Optional.empty();
        }
        try {
            int ms = Integer.parseInt(value);
            return ms > 0 ? Optional.empty() : Optional.of("must be a positive number of milliseconds or 'auto'");
        } catch (NumberFormatException e) {
            return Optional.of("'" + value + "' is not a number of milliseconds or 'auto'");
        }
    }

    private static Optional<String> eotThreshold(String value) {
        try {
            double v = Double.parseDouble(value);
            return v >= 0.5 && v <= 0.9 ? Optional.empty() : Optional.of("must be between 0.5 and 0.9");
        } catch (NumberFormatException e) {
            return Optional.of("'" + value + "' is not a number between 0.5 and 0.9");
        }
    }
}
