package dev.switchboard.shared.config;

import dev.switchboard.shared.json.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a use case's system prompt template. Placeholders are {@code {{name}}}:
 * <ul>
 *   <li>{@code callerName}, {@code callerEmail}, {@code callerNotes}, {@code callerLanguage}: from the caller
 *       profile ({@code unknown} / {@code none} / empty when there is none)</li>
 *   <li>{@code callerNumber}, {@code calledNumber}, {@code callSid}: from the call</li>
 *   <li>{@code now}, {@code date}, {@code time}, {@code timeZone}: the current time in the use case's time zone</li>
 *   <li>{@code language}: the conversation's language; {@code languages}: every language the use case offers</li>
 *   <li>{@code useCase}: the use case id; {@code data.<key>[.<key>…]}: a value from the use case's {@code data}
 *       (strings as they are, anything else as JSON)</li>
 * </ul>
 * An unknown placeholder is left as written; {@link #unknownPlaceholders} finds them for the config check.
 */
public final class SystemPrompt {

    public static final Set<String> PLACEHOLDERS = Set.of("callerName", "callerEmail", "callerNotes", "callerLanguage",
            "callerNumber", "calledNumber", "callSid", "now", "date", "time", "timeZone", "language", "languages",
            "useCase");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*}}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.US);

    private SystemPrompt() {
    }

    public static String render(UseCase useCase, Optional<CallerProfile> caller, CallFacts facts, Instant now) {
        ZoneId zone = zoneOf(useCase);
        ZonedDateTime local = now.atZone(zone);
        Matcher m = PLACEHOLDER.matcher(useCase.systemPrompt());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = value(name, useCase, caller, facts, local, zone).orElse(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Placeholders in {@code template} that {@link #render} would leave unfilled for this use case's data. */
    public static List<String> unknownPlaceholders(String template, Map<String, Object> data) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            boolean known = PLACEHOLDERS.contains(name)
                    || name.startsWith("data.") && dataValue(data, name.substring(5)).isPresent();
            if (!known) {
                unknown.add(name);
            }
        }
        return List.copyOf(unknown);
    }

    /** The use case's language (its {@code relay.language}, else {@code en-US}). */
    public static String defaultLanguage(UseCase useCase) {
        return useCase.relay().getOrDefault("language", "en-US");
    }

    private static Optional<String> value(String name, UseCase u, Optional<CallerProfile> caller, CallFacts facts,
                                          ZonedDateTime local, ZoneId zone) {
        if (name.startsWith("data.")) {
            return dataValue(u.data(), name.substring(5));
        }
        return Optional.ofNullable(switch (name) {
            case "callerName" -> caller.map(CallerProfile::name).filter(s -> !s.isBlank()).orElse("unknown");
            case "callerEmail" -> caller.map(CallerProfile::email).filter(s -> !s.isBlank()).orElse("unknown");
            case "callerNotes" -> caller.map(CallerProfile::notes).filter(s -> !s.isBlank()).orElse("none");
            case "callerLanguage" -> caller.map(CallerProfile::language).orElse("");
            case "callerNumber" -> facts.from();
            case "calledNumber" -> facts.to();
            case "callSid" -> facts.callSid();
            case "now" -> DATE.format(local) + " at " + TIME.format(local) + " (" + zone.getId() + ")";
            case "date" -> DATE.format(local);
            case "time" -> TIME.format(local);
            case "timeZone" -> zone.getId();
            case "language" -> facts.language().isBlank() ? defaultLanguage(u) : facts.language();
            case "languages" -> languages(u);
            case "useCase" -> u.id();
            default -> null;
        });
    }

    private static String languages(UseCase u) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add(defaultLanguage(u));
        u.languages().forEach(l -> codes.add(l.code()));
        return String.join(", ", codes);
    }

    private static Optional<String> dataValue(Map<String, Object> data, String path) {
        Object current = data;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            current = map.get(key);
        }
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(current instanceof String s ? s : Json.write(current));
    }

    private static ZoneId zoneOf(UseCase useCase) {
        try {
            return ZoneId.of(useCase.timeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
