package dev.switchboard.local.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A scripted model: what the local stack's stand-in for the LLM says, read from a YAML or JSON file.
 *
 * <pre>{@code
 * system: "(?i)pizzeria"        # answers conversations whose system prompt matches (when several scripts are loaded)
 * firstTokenDelay: 300ms        # time to first token for every reply (default 0)
 * tokenPace: 25ms               # time between tokens (default 0)
 * default: "Sorry, could you say that again?"
 * rules:                        # first match wins
 *   - when: {keywords: [menu, "what do you have"]}     # any of these words or phrases (case-insensitive)
 *     say: "We have pizza, salads and desserts."
 *   - when: {regex: "(?i)(?<size>large|small) (?<item>margherita|pepperoni)", previous: "(?i)what can I get"}
 *     say: "One {{size}} {{item}}. Anything else?"
 *   - when: {all: [yes, order]}
 *     say: "Placing it now."                            # optional text before the tool calls
 *     toolCalls:
 *       - name: place_order
 *         arguments: {items: [{itemId: "{{item}}", size: large, quantity: 1}]}
 *   - after: place_order                                # answers the tool result of place_order
 *     say: "Done! Your order number is {{result.orderNumber}}."
 *   - after: place_order
 *     failed: true                                      # ... when the tool failed
 *     say: "Sorry, that did not work: {{result}}"
 * }</pre>
 *
 * A rule may set its own {@code firstTokenDelay} and {@code tokenPace}. {@code when} may combine {@code keywords},
 * {@code all}, {@code regex} and {@code previous} (a regex the model's previous reply must contain); all that are
 * given must hold. In texts and argument strings, {@code {{name}}} is a named group of {@code regex} or
 * {@code previous}, {@code {{1}}} a numbered group of {@code regex}, {@code {{caller}}} the caller's words,
 * {@code {{result}}} the tool result, {@code {{result.a.b}}} a field of a JSON result and
 * {@code {{results.tool.a}}} a field of another tool's result of the same step. Filters: {@code {{name|lower}}},
 * {@code |upper}, {@code |capitalize}, and {@code |int} (an argument that is only that placeholder becomes a number).
 */
public record ModelScript(Optional<Pattern> system, Duration firstTokenDelay, Duration tokenPace, String defaultReply,
                          List<Rule> rules) {

    public ModelScript {
        rules = List.copyOf(rules);
    }

    /** One rule: a condition on the caller's words or on a tool result, and what to answer. */
    public record Rule(int index, Optional<Condition> when, Optional<String> after, Optional<Boolean> failed,
                       String say, List<ScriptedToolCall> toolCalls, Optional<Duration> firstTokenDelay,
                       Optional<Duration> tokenPace) {
        public Rule {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** The caller's words must contain any {@code keywords}, all of {@code all}, match {@code regex}; and the model's previous reply must match {@code previous}. */
    public record Condition(List<String> keywords, List<String> all, Optional<Pattern> regex,
                            Optional<Pattern> previous) {
        public Condition {
            keywords = List.copyOf(keywords);
            all = List.copyOf(all);
        }
    }

    /** A tool call the rule makes; {@code arguments} is a JSON object whose strings may hold {@code {{…}}}. */
    public record ScriptedToolCall(String name, JsonNode arguments) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final String BUILT_IN_DEFAULT = "I'm the scripted model and I have no answer for that.";

    public static ModelScript read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model script " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A script from its YAML/JSON text. */
    public static ModelScript parse(String text) {
        try {
            return parse(YAML.readTree(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
    }

    /** A script that gives every request the default reply. */
    public static ModelScript fixed(String reply) {
        return new ModelScript(Optional.empty(), Duration.ZERO, Duration.ZERO, reply, List.of());
    }

    static ModelScript parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a model script is a map with rules, default, firstTokenDelay, tokenPace");
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(i, list.get(i)));
        }
        return new ModelScript(pattern("system", root.get("system")),
                Durations.of(root.get("firstTokenDelay"), Duration.ZERO),
                Durations.of(root.get("tokenPace"), Duration.ZERO),
                root.path("default").asText(BUILT_IN_DEFAULT), rules);
    }

    private static Rule rule(int index, JsonNode node) {
        String where = "rules[" + index + "]";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not a map");
        }
        Optional<Condition> when = node.has("when") ? Optional.of(condition(where, node.get("when"))) : Optional.empty();
        Optional<String> after = node.hasNonNull("after") ? Optional.of(node.get("after").asText()) : Optional.empty();
        if (when.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException(where + " needs 'when' (the caller's words) or 'after' (a tool's name)");
        }
        if (when.isPresent() && after.isPresent()) {
            throw new IllegalArgumentException(where + " has both 'when' and 'after'; a rule answers either the caller or a tool");
        }
        List<ScriptedToolCall> calls = new ArrayList<>();
        for (JsonNode call : node.path("toolCalls")) {
            if (!call.hasNonNull("name")) {
                throw new IllegalArgumentException(where + ".toolCalls: every call needs a name");
            }
            JsonNode arguments = call.has("arguments") ? call.get("arguments") : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            if (!arguments.isObject()) {
                throw new IllegalArgumentException(where + ".toolCalls." + call.get("name").asText() + ".arguments must be a map");
            }
            calls.add(new ScriptedToolCall(call.get("name").asText(), arguments));
        }
        String say = node.path("say").asText("");
        if (say.isEmpty() && calls.isEmpty()) {
            throw new IllegalArgumentException(where + " says nothing and calls no tool");
        }
        Optional<Boolean> failed = node.has("failed") ? Optional.of(node.get("failed").asBoolean()) : Optional.empty();
        return new Rule(index, when, after, failed, say, calls,
                node.has("firstTokenDelay") ? Optional.of(Durations.of(node.get("firstTokenDelay"), Duration.ZERO)) : Optional.empty(),
                node.has("tokenPace") ? Optional.of(Durations.of(node.get("tokenPace"), Duration.ZERO)) : Optional.empty());
    }

    private static Condition condition(String where, JsonNode when) {
        if (when.isTextual()) {
            return new Condition(List.of(when.asText()), List.of(), Optional.empty(), Optional.empty());
        }
        if (!when.isObject()) {
            throw new IllegalArgumentException(where + ".when must be a map (keywords, all, regex, previous)");
        }
        when.fieldNames().forEachRemaining(name -> {
            if (!List.of("keywords", "all", "regex", "previous").contains(name)) {
                throw new IllegalArgumentException(where + ".when." + name + " is unknown (keywords, all, regex, previous)");
            }
        });
        Condition condition = new Condition(words(when.get("keywords")), words(when.get("all")),
                pattern(where + ".when.regex", when.get("regex")), pattern(where + ".when.previous", when.get("previous")));
        if (condition.keywords().isEmpty() && condition.all().isEmpty() && condition.regex().isEmpty()
                && condition.previous().isEmpty()) {
            throw new IllegalArgumentException(where + ".when is empty");
        }
        return condition;
    }

    private static List<String> words(JsonNode node) {
        List<String> words = new ArrayList<>();
        if (node == null) {
            return words;
        }
        if (node.isTextual()) {
            words.add(node.asText().toLowerCase(Locale.ROOT));
        } else {
            node.forEach(w -> words.add(w.asText().toLowerCase(Locale.ROOT)));
        }
        return words;
    }

    private static Optional<Pattern> pattern(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(node.asText()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + " is not a regular expression: " + e.getDescription());
        }
    }
}
