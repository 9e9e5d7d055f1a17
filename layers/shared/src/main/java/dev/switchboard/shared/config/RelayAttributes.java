package dev.switchboard.shared.config;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <ConversationRelay>} attributes a use case may set, named exactly as Twilio documents them, with the
 * values each accepts. {@code url} is not here: the deployment sets it ({@code WEBSOCKET_URL}). An attribute name
 * that is not listed is a config problem, never emitted to Twilio: Twilio answers an attribute it rejects with
 * error 64101 and no session at all.
 *
 * <p>{@code configs/schema/use-case.schema.json} ({@code relay}, {@code languages}) must accept exactly the same
 * (RelayAttributesSchemaTest in local/stack checks both against one table). Where each value set comes from:
 * <ul>
 *   <li>[Doc] the attribute table of Twilio's TwiML page (twilio.com/docs/voice/twiml/connect/conversationrelay);
 *       {@code multi} and what it needs: the same page, "Automatic language detection" and the {@code <Language>}
 *       table;</li>
 *   <li>[Src] names and types in twilio-java's generated {@code ConversationRelay} builder (11.4.0);</li>
 *   <li>[3P] reports from third-party code where Twilio's page gives no range, marked at the attribute.</li>
 * </ul>
 * Provider names are accepted as documented ({@code ElevenLabs}) or in lower case, as Twilio's own
 * {@code <Language>} examples write them ({@code ttsProvider="amazon"}).
 */
public final class RelayAttributes {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final String[] INPUT_MODES = {"none", "dtmf", "speech", "any"};
    private static final String[] TTS_PROVIDERS = {"Google", "Amazon", "ElevenLabs"};
    private static final String[] STT_PROVIDERS = {"Google", "Deepgram"};

    /** {@code speechTimeout} in milliseconds [3P: values outside 600-5000 (or other than auto) get 64101]. */
    static final int SPEECH_TIMEOUT_MIN_MS = 600;
    static final int SPEECH_TIMEOUT_MAX_MS = 5000;

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
            // [Doc] the attribute table
            Map.entry("welcomeGreeting", ANY),
            Map.entry("welcomeGreetingInterruptible", oneOf(INPUT_MODES)),
            Map.entry("language", LANGUAGE_TAG),
            Map.entry("ttsLanguage", LANGUAGE_OR_MULTI),
            Map.entry("transcriptionLanguage", LANGUAGE_OR_MULTI),
            Map.entry("ttsProvider", provider(TTS_PROVIDERS)),
            Map.entry("voice", ANY),
            Map.entry("transcriptionProvider", provider(STT_PROVIDERS)),
            Map.entry("speechModel", ANY),
            // [Doc] booleans are accepted for backward compatibility: true = any, false = none
            Map.entry("interruptible", oneOf("none", "dtmf", "speech", "any", "true", "false")),
            Map.entry("interruptSensitivity", oneOf("low", "medium", "high")),
            Map.entry("dtmfDetection", BOOLEAN),
            Map.entry("reportInputDuringAgentSpeech", oneOf(INPUT_MODES)),
            Map.entry("preemptible", BOOLEAN),
            Map.entry("hints", ANY),
            Map.entry("debug", wordsOf("debugging", "speaker-events", "tokens-played")),
            Map.entry("elevenlabsTextNormalization", oneOf("on", "auto", "off")),
            Map.entry("intelligenceService", ANY),
            // [Src] typed Boolean by twilio-java; the GA dynamic-configuration page lists them as session settings
            Map.entry("deepgramSmartFormat", BOOLEAN),
            Map.entry("partialPrompts", BOOLEAN),
            Map.entry("profanityFilter", BOOLEAN),
            Map.entry("ignoreBackchannel", BOOLEAN),
            // [3P] auto or 600-5000 ms; anything else is rejected with 64101
            Map.entry("speechTimeout", RelayAttributes::speechTimeout),
            // [Src] a string; Twilio documents no value set
            Map.entry("backgroundNoiseReduction", ANY),
            // [3P] the successors of debug's speaker-events and tokens-played; [Doc: changelog 2026-11-18,
            // provider failover] config-updated
            Map.entry("events", wordsOf("speaker-events", "tokens-played", "config-updated")),
            // [3P] Deepgram flux's end-of-turn confidence, which Deepgram documents as 0.5-0.9
            Map.entry("eotThreshold", RelayAttributes::eotThreshold),
            // [3P] names only
            Map.entry("turnDetection", ANY),
            Map.entry("conversationConfiguration", ANY),
            Map.entry("conversationId", ANY),
            // legacy (2024 samples), superseded by interruptible
            Map.entry("interruptByDtmf", BOOLEAN));

    /** Attributes a {@code <Language>} element may carry besides {@code code} [Doc: the {@code <Language>} table]. */
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

    /**
     * Why {@code value} is not acceptable for attribute {@code name} of a {@code <Language>} element with this
     * {@code code}; empty when it is. [Doc] With {@code code="multi"} the TTS provider must be ElevenLabs and the
     * STT provider Deepgram.
     */
    public static Optional<String> checkLanguageAttribute(String code, String name, String value) {
        Optional<String> wrong = check(name, value);
        if (wrong.isPresent() || !"multi".equals(code)) {
            return wrong;
        }
        return multiProvider(name, value, "code");
    }

    /**
     * {@code <ConversationRelay>} attributes that do not go with another one, each with why; reported on the
     * provider: [Doc] {@code ttsLanguage="multi"} needs ElevenLabs, {@code transcriptionLanguage="multi"} needs
     * Deepgram.
     */
    public static Map<String, String> checkCombinations(Map<String, String> relay) {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String[] pair : new String[][] {{"ttsLanguage", "ttsProvider"},
                {"transcriptionLanguage", "transcriptionProvider"}}) {
            String provider = relay.getOrDefault(pair[1], "");
            if ("multi".equals(relay.get(pair[0])) && !provider.isEmpty()) {
                multiProvider(pair[1], provider, pair[0]).ifPresent(why -> wrong.put(pair[1], why));
            }
        }
        return wrong;
    }

    private static Optional<String> multiProvider(String name, String value, String multiAttribute) {
        String needed = switch (name) {
            case "ttsProvider" -> "ElevenLabs";
            case "transcriptionProvider" -> "Deepgram";
            default -> "";
        };
        if (needed.isEmpty() || needed.equals(value) || needed.toLowerCase(Locale.ROOT).equals(value)) {
            return Optional.empty();
        }
        return Optional.of("must be " + needed + " when " + multiAttribute + " is multi");
    }

    private static Rule oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return value -> set.contains(value) ? Optional.empty()
                : Optional.of("'" + value + "' is not one of " + String.join(", ", allowed));
    }

    /** As documented, or all in lower case. */
    private static Rule provider(String... allowed) {
        Set<String> set = new HashSet<>(Arrays.asList(allowed));
        Arrays.stream(allowed).map(a -> a.toLowerCase(Locale.ROOT)).forEach(set::add);
        return value -> set.contains(value) ? Optional.empty()
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
        String range = "must be auto or between " + SPEECH_TIMEOUT_MIN_MS + " and " + SPEECH_TIMEOUT_MAX_MS
                + " milliseconds";
        if (!value.matches("[1-9][0-9]{0,8}")) {
            return Optional.of("'" + value + "' is not a number of milliseconds; " + range);
        }
        int ms = Integer.parseInt(value);
        return ms >= SPEECH_TIMEOUT_MIN_MS && ms <= SPEECH_TIMEOUT_MAX_MS ? Optional.empty() : Optional.of(range);
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
