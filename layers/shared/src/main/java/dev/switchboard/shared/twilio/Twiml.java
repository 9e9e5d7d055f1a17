package dev.switchboard.shared.twilio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a TwiML {@code <Response>} by hand, attribute names exactly as Twilio documents them (camelCase), every
 * value XML-escaped. (twilio-java's builder lower-cases newer {@code <ConversationRelay>} attributes, see the
 * reference §0.5.) Verbs are emitted in the order they are added.
 *
 * <pre>{@code
 * String xml = Twiml.response()
 *         .connect(actionUrl, new Twiml.ConversationRelay(wssUrl, attributes, languages, parameters))
 *         .toXml();
 * }</pre>
 */
public final class Twiml {

    public static final String CONTENT_TYPE = "text/xml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final StringBuilder verbs = new StringBuilder();

    private Twiml() {
    }

    public static Twiml response() {
        return new Twiml();
    }

    /** {@code <Say language="…">text</Say>}; an empty language is omitted (Twilio's default voice). */
    public Twiml say(String text, String language) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!language.isEmpty()) {
            attributes.put("language", language);
        }
        open("Say", attributes);
        verbs.append(escape(text, false)).append("</Say>");
        return this;
    }

    public Twiml hangup() {
        verbs.append("<Hangup/>");
        return this;
    }

    /** {@code <Enqueue workflowSid="WW…"><Task>{json}</Task></Enqueue>}: hand the call to TaskRouter / Flex. */
    public Twiml enqueue(String workflowSid, String taskJson) {
        open("Enqueue", Map.of("workflowSid", workflowSid));
        verbs.append("<Task>").append(escape(taskJson, false)).append("</Task></Enqueue>");
        return this;
    }

    /** {@code <Dial><Number>+1…</Number></Dial>}. */
    public Twiml dial(String number) {
        verbs.append("<Dial><Number>").append(escape(number, false)).append("</Number></Dial>");
        return this;
    }

    /** {@code <Connect action="…"><ConversationRelay …>…</ConversationRelay></Connect>}. */
    public Twiml connect(String actionUrl, ConversationRelay relay) {
        open("Connect", Map.of("action", actionUrl));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("url", relay.url());
        relay.attributes().forEach((name, value) -> {
            if (!"url".equals(name)) {
                attributes.put(name, value);
            }
        });
        open("ConversationRelay", attributes);
        for (Language language : relay.languages()) {
            Map<String, String> languageAttributes = new LinkedHashMap<>();
            languageAttributes.put("code", language.code());
            language.attributes().forEach((name, value) -> {
                if (!"code".equals(name)) {
                    languageAttributes.put(name, value);
                }
            });
            empty("Language", languageAttributes);
        }
        relay.parameters().forEach((name, value) -> {
            Map<String, String> parameter = new LinkedHashMap<>();
            parameter.put("name", name);
            parameter.put("value", value);
            empty("Parameter", parameter);
        });
        verbs.append("</ConversationRelay></Connect>");
        return this;
    }

    public String toXml() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + verbs + "</Response>";
    }

    @Override
    public String toString() {
        return toXml();
    }

    /**
     * The {@code <ConversationRelay>} noun. Attribute maps keep their iteration order in the XML: pass a
     * {@link LinkedHashMap} (or a sorted map) for stable output.
     *
     * @param url        the {@code wss://} URL (no query string: Twilio signs it on the upgrade)
     * @param attributes other attributes, named as in TwiML
     * @param languages  {@code <Language>} children
     * @param parameters {@code <Parameter name value>} children, delivered in {@code setup.customParameters}
     */
    public record ConversationRelay(String url, Map<String, String> attributes, List<Language> languages,
                                    Map<String, String> parameters) {
        public ConversationRelay {
            attributes = new LinkedHashMap<>(attributes);
            languages = List.copyOf(languages);
            parameters = new LinkedHashMap<>(parameters);
        }

        @Override
        public Map<String, String> attributes() {
            return Collections.unmodifiableMap(attributes);
        }

        @Override
        public Map<String, String> parameters() {
            return Collections.unmodifiableMap(parameters);
        }
    }

    /** A {@code <Language code …/>} child. */
    public record Language(String code, Map<String, String> attributes) {
        public Language {
            attributes = new LinkedHashMap<>(attributes);
        }

        @Override
        public Map<String, String> attributes() {
            return Collections.unmodifiableMap(attributes);
        }
    }

    private void open(String element, Map<String, String> attributes) {
        verbs.append('<').append(element);
        appendAttributes(attributes);
        verbs.append('>');
    }

    private void empty(String element, Map<String, String> attributes) {
        verbs.append('<').append(element);
        appendAttributes(attributes);
        verbs.append("/>");
    }

    private void appendAttributes(Map<String, String> attributes) {
        attributes.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a TwiML attribute name: " + name);
            }
            verbs.append(' ').append(name).append("=\"").append(escape(value, true)).append('"');
        });
    }

    /**
     * XML-escapes {@code text}: {@code & < >} always, quotes in attribute values, and drops characters XML 1.0
     * cannot carry (control characters other than tab, newline and carriage return; unpaired surrogates).
     * Newlines and tabs in attribute values become character references so parsers do not normalise them away.
     */
    static String escape(String text, boolean attribute) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&apos;" : "'");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append(attribute ? "&#13;" : "\r");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
