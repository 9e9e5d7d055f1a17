package dev.switchboard.local.caller;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.model.Durations;
import dev.switchboard.local.model.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A scripted call for the simulated caller, YAML or JSON: what the caller says or presses, step by step, and what the
 * agent must answer (the format, with an example, is in {@code docs/local-stack.md}, "Conversation files"). Each step
 * does one of {@code say}, {@code dtmf}, {@code hangup}, {@code wait}, may {@code interrupt} the reply, and may
 * {@code expect} a {@code reply}, {@code toolCalls}, {@code noToolCalls}, {@code noReply}, {@code end},
 * {@code handoff}, {@code play}, {@code sendDigits} or {@code language}; list positions count from 1.
 */
public record ConversationFile(String name, Optional<String> to, Optional<String> useCase, Optional<String> from,
                               Optional<Duration> settle, Duration timeout, Optional<TextMatch> greeting,
                               List<Step> steps) {

    public ConversationFile {
        steps = List.copyOf(steps);
    }

    @JsonCreator
    static ConversationFile of(@JsonProperty("name") String name, @JsonProperty("to") String to,
                               @JsonProperty("useCase") String useCase, @JsonProperty("from") String from,
                               @JsonProperty("settle") JsonNode settle, @JsonProperty("timeout") JsonNode timeout,
                               @JsonProperty("greeting") TextMatch greeting, @JsonProperty("steps") List<Step> steps) {
        if (steps == null) {
            throw new IllegalArgumentException("a conversation file is a map with a list of steps");
        }
        return new ConversationFile(name == null ? "conversation" : name, Optional.ofNullable(to),
                Optional.ofNullable(useCase), Optional.ofNullable(from),
                Optional.ofNullable(settle).map(s -> Durations.of(s, Duration.ZERO)),
                Durations.of(timeout, Duration.ofSeconds(30)), Optional.ofNullable(greeting),
                IntStream.range(0, steps.size()).mapToObj(i -> steps.get(i).numbered(i + 1)).toList());
    }

    /** What the caller does in a step. */
    public sealed interface Action {
        record Say(String text) implements Action {
        }

        record Dtmf(String digits) implements Action {
        }

        record Hangup() implements Action {
        }

        /** Waits without doing anything (for a reply that comes on its own). */
        record Wait(Duration duration) implements Action {
        }
    }

    /** A barge-in during the step's reply: once the reply so far contains {@code after}, say we heard {@code heard}. */
    public record Interrupt(String after, Optional<String> heard) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Interrupt after(String after) {
            return of(after, null);
        }

        /** {@code heard: auto} (the default) means what the reply so far said. */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        static Interrupt of(@JsonProperty("after") String after, @JsonProperty("heard") String heard) {
            return new Interrupt(after == null ? "" : after, Optional.ofNullable(heard).filter(h -> !h.equals("auto")));
        }
    }

    public record ToolExpectation(String name, Optional<Boolean> ok, Optional<TextMatch> arguments,
                                  Optional<TextMatch> content) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ToolExpectation named(String name) {
            return of(name, null, null, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        static ToolExpectation of(@JsonProperty("name") String name, @JsonProperty("ok") Boolean ok,
                                  @JsonProperty("arguments") TextMatch arguments, @JsonProperty("content") TextMatch content) {
            if (name == null) {
                throw new IllegalArgumentException("needs a name");
            }
            return new ToolExpectation(name, Optional.ofNullable(ok), Optional.ofNullable(arguments),
                    Optional.ofNullable(content));
        }
    }

    public record Expect(Optional<TextMatch> reply, List<ToolExpectation> toolCalls, boolean noToolCalls,
                         boolean noReply, Optional<TextMatch> end, Optional<TextMatch> handoff,
                         Optional<TextMatch> play, Optional<TextMatch> sendDigits, Optional<TextMatch> language) {
        public Expect {
            toolCalls = List.copyOf(toolCalls);
        }

        static final Expect NONE = of(null, null, false, false, null, null, null, null, null);

        /** {@code end: true} expects an end frame whatever it says. */
        @JsonCreator
        static Expect of(@JsonProperty("reply") TextMatch reply, @JsonProperty("toolCalls") List<ToolExpectation> toolCalls,
                         @JsonProperty("noToolCalls") boolean noToolCalls, @JsonProperty("noReply") boolean noReply,
                         @JsonProperty("end") TextMatch end, @JsonProperty("handoff") TextMatch handoff,
                         @JsonProperty("play") TextMatch play, @JsonProperty("sendDigits") TextMatch sendDigits,
                         @JsonProperty("language") TextMatch language) {
            return new Expect(Optional.ofNullable(reply), toolCalls == null ? List.of() : toolCalls, noToolCalls,
                    noReply, Optional.ofNullable(end), Optional.ofNullable(handoff), Optional.ofNullable(play),
                    Optional.ofNullable(sendDigits), Optional.ofNullable(language));
        }
    }

    public record Step(int number, Action action, Optional<Interrupt> interrupt, Expect expect) {
        @JsonCreator
        static Step of(@JsonProperty("say") String say, @JsonProperty("dtmf") String dtmf,
                       @JsonProperty("hangup") boolean hangup, @JsonProperty("wait") JsonNode wait,
                       @JsonProperty("interrupt") Interrupt interrupt, @JsonProperty("expect") Expect expect) {
            List<Action> actions = Stream.<Action>of(say == null ? null : new Action.Say(say),
                    dtmf == null ? null : new Action.Dtmf(dtmf), hangup ? new Action.Hangup() : null,
                    wait == null ? null : new Action.Wait(Durations.of(wait, Duration.ZERO)))
                    .filter(a -> a != null).toList();
            if (actions.size() != 1) {
                throw new IllegalArgumentException("needs exactly one of say, dtmf, hangup, wait");
            }
            return new Step(0, actions.get(0), Optional.ofNullable(interrupt), expect == null ? Expect.NONE : expect);
        }

        Step numbered(int number) {
            return new Step(number, action, interrupt, expect);
        }
    }

    /** Reads a conversation file; without a {@code name} it is named after the file. */
    public static ConversationFile read(Path file) {
        ConversationFile c = YamlFiles.read(file, ConversationFile.class, 1);
        return c.name().equals("conversation") ? new ConversationFile(file.getFileName().toString(), c.to(),
                c.useCase(), c.from(), c.settle(), c.timeout(), c.greeting(), c.steps()) : c;
    }

    public static ConversationFile parse(String yaml) {
        return YamlFiles.parse(yaml, ConversationFile.class, 1);
    }
}
