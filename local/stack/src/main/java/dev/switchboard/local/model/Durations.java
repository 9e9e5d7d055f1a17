package dev.switchboard.local.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in scripts and conversation files: {@code 250ms}, {@code 1.5s}, {@code 2m}, or a number of milliseconds. */
public final class Durations {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?\\s*");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (write 250ms, 1.5s or 2m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double millis = switch (unit) {
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> value;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** The node as a duration: a number is milliseconds, text is parsed; {@code fallback} when missing. */
    public static Duration of(JsonNode node, Duration fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        return node.isNumber() ? Duration.ofMillis(node.asLong()) : parse(node.asText());
    }
}
