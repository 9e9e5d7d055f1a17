package dev.switchboard.local.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A scripted model: what the local stack's stand-in for the LLM says, read from a YAML or JSON file of rules (the
 * format, with an example, is in {@code docs/local-stack.md}, "The scripted model"). A rule answers the caller's
 * words ({@code when}: {@code keywords}, {@code all}, {@code regex}, {@code previous}) or a tool's result
 * ({@code after}, {@code failed}) with {@code say} and {@code toolCalls}; {@link ScriptedModel} fills the
 * {@code {{…}}} placeholders.
 */
public record ModelScript(Optional<Pattern> system, Duration firstTokenDelay, Duration tokenPace, String defaultReply,
                          List<Rule> rules) {

    public static final String BUILT_IN_DEFAULT = "I'm the scripted model and I have no answer for that.";

    public ModelScript {
        rules = List.copyOf(rules);
    }

    @JsonCreator
    static ModelScript of(@JsonProperty("system") String system, @JsonProperty("firstTokenDelay") JsonNode firstTokenDelay,
                          @JsonProperty("tokenPace") JsonNode tokenPace, @JsonProperty("default") String defaultReply,
                          @JsonProperty("rules") List<Rule> rules) {
        List<Rule> numbered = rules == null ? List.of() : IntStream.range(0, rules.size())
                .mapToObj(i -> rules.get(i).numbered(i)).toList();
        return new ModelScript(YamlFiles.pattern("system", system), Durations.of(firstTokenDelay, Duration.ZERO),
                Durations.of(tokenPace, Duration.ZERO), defaultReply == null ? BUILT_IN_DEFAULT : defaultReply, numbered);
    }

    /** One rule: a condition on the caller's words or on a tool result, and what to answer. */
    public record Rule(int index, Optional<Condition> when, Optional<String> after, Optional<Boolean> failed,
                       String say, List<ScriptedToolCall> toolCalls, Optional<Duration> firstTokenDelay,
                       Optional<Duration> tokenPace) {
        public Rule {
            toolCalls = List.copyOf(toolCalls);
        }

        @JsonCreator
        static Rule of(@JsonProperty("when") Condition when, @JsonProperty("after") String after,
                       @JsonProperty("failed") Boolean failed, @JsonProperty("say") String say,
                       @JsonProperty("toolCalls") List<ScriptedToolCall> toolCalls,
                       @JsonProperty("firstTokenDelay") JsonNode firstTokenDelay,
                       @JsonProperty("tokenPace") JsonNode tokenPace) {
            if (when == null && after == null) {
                throw new IllegalArgumentException("needs 'when' (the caller's words) or 'after' (a tool's name)");
            }
            if (when != null && after != null) {
                throw new IllegalArgumentException("has both 'when' and 'after'; a rule answers either the caller or a tool");
            }
            if (when != null && when.keywords().isEmpty() && when.all().isEmpty() && when.regex().isEmpty()
                    && when.previous().isEmpty()) {
                throw new IllegalArgumentException(".when is empty");
            }
            List<ScriptedToolCall> calls = toolCalls == null ? List.of() : toolCalls;
            if ((say == null || say.isEmpty()) && calls.isEmpty()) {
                throw new IllegalArgumentException("says nothing and calls no tool");
            }
            return new Rule(0, Optional.ofNullable(when), Optional.ofNullable(after), Optional.ofNullable(failed),
                    say == null ? "" : say, calls, Optional.ofNullable(firstTokenDelay).map(d -> Durations.of(d, Duration.ZERO)),
                    Optional.ofNullable(tokenPace).map(d -> Durations.of(d, Duration.ZERO)));
        }

        Rule numbered(int number) {
            return new Rule(number, when, after, failed, say, toolCalls, firstTokenDelay, tokenPace);
        }
    }

    /** The caller's words must contain any {@code keywords}, all of {@code all}, match {@code regex}; and the model's previous reply must match {@code previous}. */
    public record Condition(List<String> keywords, List<String> all, Optional<Pattern> regex,
                            Optional<Pattern> previous) {
        public Condition {
            keywords = List.copyOf(keywords);
            all = List.copyOf(all);
        }

        /** {@code when: menu}: one keyword. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Condition keyword(String keyword) {
            return of(List.of(keyword), null, null, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        static Condition of(@JsonProperty("keywords") List<String> keywords, @JsonProperty("all") List<String> all,
                            @JsonProperty("regex") String regex, @JsonProperty("previous") String previous) {
            return new Condition(lower(keywords), lower(all), YamlFiles.pattern(".regex", regex),
                    YamlFiles.pattern(".previous", previous));
        }

        private static List<String> lower(List<String> words) {
            return words == null ? List.of() : words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        }
    }

    /** A tool call the rule makes; {@code arguments} is a JSON object whose strings may hold {@code {{…}}}. */
    public record ScriptedToolCall(String name, JsonNode arguments) {
        @JsonCreator
        static ScriptedToolCall of(@JsonProperty("name") String name, @JsonProperty("arguments") JsonNode arguments) {
            if (name == null) {
                throw new IllegalArgumentException("needs a name");
            }
            if (arguments != null && !arguments.isObject()) {
                throw new IllegalArgumentException(".arguments must be a map");
            }
            return new ScriptedToolCall(name, arguments == null ? JsonNodeFactory.instance.objectNode() : arguments);
        }
    }

    public static ModelScript read(Path file) {
        return YamlFiles.read(file, ModelScript.class, 0);
    }

    /** A script from its YAML/JSON text. */
    public static ModelScript parse(String text) {
        return YamlFiles.parse(text, ModelScript.class, 0);
    }

    /** A script that gives every request the default reply. */
    public static ModelScript fixed(String reply) {
        return new ModelScript(Optional.empty(), Duration.ZERO, Duration.ZERO, reply, List.of());
    }
}
