package dev.switchboard.local.caller;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.local.model.YamlFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** A plain string: the text must contain it. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TextMatch contains(String text) {
        return of(List.of(text), null, null, null);
    }

    /** {@code true}: any text matches (e.g. {@code end: true}, an end frame whatever it says); {@code false}: no expectation. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TextMatch any(boolean expected) {
        return expected ? of(null, null, null, null) : null;
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static TextMatch of(@JsonProperty("contains") List<String> contains, @JsonProperty("notContains") List<String> notContains,
                        @JsonProperty("regex") String regex, @JsonProperty("equals") String equals) {
        return new TextMatch(contains == null ? List.of() : contains, notContains == null ? List.of() : notContains,
                YamlFiles.pattern(".regex", regex), Optional.ofNullable(equals));
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
