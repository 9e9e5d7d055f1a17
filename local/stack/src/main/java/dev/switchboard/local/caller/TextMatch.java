package dev.switchboard.local.caller;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An expectation on a piece of text in a conversation file: a plain string means "contains"; a map may give
 * {@code contains} and {@code notContains} (a string or a list, case-insensitive), {@code regex} (found anywhere) and
 * {@code equals}.
 */
public record TextMatch(List<String> contains, List<String> notContains, Optional<Pattern> regex,
                        Optional<String> equals) {

    public TextMatch {
        contains = List.copyOf(contains);
        notContains = List.copyOf(notContains);
    }

    static TextMatch parse(String where, JsonNode node) {
        if (node.isTextual()) {
            return new TextMatch(List.of(node.asText()), List.of(), Optional.empty(), Optional.empty());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": write a text or a map of contains / notContains / regex / equals");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!List.of("contains", "notContains", "regex", "equals").contains(name)) {
                throw new IllegalArgumentException(where + "." + name + " is unknown (contains, notContains, regex, equals)");
            }
        });
        Optional<Pattern> regex = Optional.empty();
        if (node.hasNonNull("regex")) {
            try {
                regex = Optional.of(Pattern.compile(node.get("regex").asText()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ".regex: " + e.getDescription());
            }
        }
        return new TextMatch(list(node.get("contains")), list(node.get("notContains")), regex,
                node.hasNonNull("equals") ? Optional.of(node.get("equals").asText()) : Optional.empty());
    }

    private static List<String> list(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** The problems with {@code text}; empty when it matches. */
    public List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String c : contains) {
            if (!lower.contains(c.toLowerCase(Locale.ROOT))) {
                problems.add("does not contain \"" + c + "\"");
            }
        }
        for (String c : notContains) {
            if (lower.contains(c.toLowerCase(Locale.ROOT))) {
                problems.add("contains \"" + c + "\"");
            }
        }
        regex.filter(r -> !r.matcher(text).find()).ifPresent(r -> problems.add("does not match /" + r.pattern() + "/"));
        equals.filter(e -> !e.equals(text)).ifPresent(e -> problems.add("is not \"" + e + "\""));
        return problems;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        contains.forEach(c -> parts.add("contains \"" + c + "\""));
        notContains.forEach(c -> parts.add("does not contain \"" + c + "\""));
        regex.ifPresent(r -> parts.add("matches /" + r.pattern() + "/"));
        equals.ifPresent(e -> parts.add("is \"" + e + "\""));
        return String.join(", ", parts);
    }
}
