package dev.switchboard.local.caller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.local.model.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted call for the simulated caller: what the caller says or presses, step by step, and what the agent must
 * answer. YAML or JSON:
 *
 * <pre>{@code
 * name: Order a pizza for pickup
 * to: "+15005550006"            # the number called (picks the use case); or useCase: restaurant
 * from: "+14155550123"          # the caller
 * settle: 300ms                 # quiet time that ends a reply (default 300ms local, 2s deployed)
 * timeout: 20s                  # per step (default 30s)
 * greeting: {contains: Bella Notte}
 * steps:
 *   - say: What pizzas do you have?
 *     expect:
 *       reply: {contains: [Margherita, Pepperoni]}
 *   - say: Yes, please place it.
 *     expect:
 *       toolCalls: [{name: place_order, ok: true, arguments: {contains: margherita}}]
 *       reply: {regex: "order number \\w+"}
 *   - dtmf: "1"
 *     expect: {reply: open}
 *   - say: Tell me about dessert
 *     interrupt: {after: "We have", heard: auto}   # barge in once the reply so far contains "We have"
 *   - say: Can I talk to a person?
 *     expect:
 *       end: {contains: handoff}                      # the end frame's handoffData
 *       handoff: {contains: "<Enqueue"}               # the TwiML the action URL answered
 *   - hangup: true
 * }</pre>
 * Other expectations: {@code noToolCalls: true}, {@code noReply: true}, {@code play}, {@code sendDigits},
 * {@code language} (text matches on those frames). A text match is a string ("contains") or a map of
 * {@code contains}, {@code notContains}, {@code regex}, {@code equals}.
 */
public record ConversationFile(String name, Optional<String> to, Optional<String> useCase, Optional<String> from,
                               Optional<Duration> settle, Duration timeout, Optional<TextMatch> greeting,
                               List<Step> steps) {

    public ConversationFile {
        steps = List.copyOf(steps);
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
    }

    public record ToolExpectation(String name, Optional<Boolean> ok, Optional<TextMatch> arguments,
                                  Optional<TextMatch> content) {
    }

    public record Expect(Optional<TextMatch> reply, List<ToolExpectation> toolCalls, boolean noToolCalls,
                         boolean noReply, Optional<TextMatch> end, Optional<TextMatch> handoff,
                         Optional<TextMatch> play, Optional<TextMatch> sendDigits, Optional<TextMatch> language) {
        public Expect {
            toolCalls = List.copyOf(toolCalls);
        }

        static Expect none() {
            return new Expect(Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    public record Step(int number, Action action, Optional<Interrupt> interrupt, Expect expect) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ConversationFile read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root, file.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static ConversationFile parse(String yaml) {
        try {
            return parse(YAML.readTree(yaml), "conversation");
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
    }

    static ConversationFile parse(JsonNode root, String fallbackName) {
        if (root == null || !root.isObject() || !root.path("steps").isArray()) {
            throw new IllegalArgumentException("a conversation file is a map with a list of steps");
        }
        List<Step> steps = new ArrayList<>();
        JsonNode list = root.get("steps");
        for (int i = 0; i < list.size(); i++) {
            steps.add(step(i + 1, list.get(i)));
        }
        return new ConversationFile(root.path("name").asText(fallbackName), text(root, "to"), text(root, "useCase"),
                text(root, "from"),
                root.has("settle") ? Optional.of(Durations.of(root.get("settle"), Duration.ZERO)) : Optional.empty(),
                Durations.of(root.get("timeout"), Duration.ofSeconds(30)),
                root.has("greeting") ? Optional.of(TextMatch.parse("greeting", root.get("greeting"))) : Optional.empty(),
                steps);
    }

    private static Step step(int number, JsonNode node) {
        String where = "steps[" + number + "]";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not a map");
        }
        List<Action> actions = new ArrayList<>();
        if (node.hasNonNull("say")) {
            actions.add(new Action.Say(node.get("say").asText()));
        }
        if (node.hasNonNull("dtmf")) {
            actions.add(new Action.Dtmf(node.get("dtmf").asText()));
        }
        if (node.path("hangup").asBoolean(false)) {
            actions.add(new Action.Hangup());
        }
        if (node.hasNonNull("wait")) {
            actions.add(new Action.Wait(Durations.of(node.get("wait"), Duration.ZERO)));
        }
        if (actions.size() != 1) {
            throw new IllegalArgumentException(where + " needs exactly one of say, dtmf, hangup, wait");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!List.of("say", "dtmf", "hangup", "wait", "interrupt", "expect").contains(name)) {
                throw new IllegalArgumentException(where + "." + name + " is unknown (say, dtmf, hangup, wait, interrupt, expect)");
            }
        });
        Optional<Interrupt> interrupt = Optional.empty();
        if (node.has("interrupt")) {
            JsonNode i = node.get("interrupt");
            String after = i.isTextual() ? i.asText() : i.path("after").asText("");
            String heard = i.isObject() ? i.path("heard").asText("auto") : "auto";
            interrupt = Optional.of(new Interrupt(after, "auto".equals(heard) ? Optional.empty() : Optional.of(heard)));
        }
        return new Step(number, actions.get(0), interrupt, expect(where, node.path("expect")));
    }

    private static Expect expect(String where, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Expect.none();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ".expect is not a map");
        }
        List<String> known = List.of("reply", "toolCalls", "noToolCalls", "noReply", "end", "handoff", "play",
                "sendDigits", "language");
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + ".expect." + name + " is unknown " + known);
            }
        });
        List<ToolExpectation> tools = new ArrayList<>();
        for (JsonNode t : node.path("toolCalls")) {
            if (t.isTextual()) {
                tools.add(new ToolExpectation(t.asText(), Optional.empty(), Optional.empty(), Optional.empty()));
                continue;
            }
            if (!t.hasNonNull("name")) {
                throw new IllegalArgumentException(where + ".expect.toolCalls: every entry needs a name");
            }
            tools.add(new ToolExpectation(t.get("name").asText(),
                    t.has("ok") ? Optional.of(t.get("ok").asBoolean()) : Optional.empty(),
                    match(where + ".expect.toolCalls.arguments", t.get("arguments")),
                    match(where + ".expect.toolCalls.content", t.get("content"))));
        }
        Optional<TextMatch> end = node.has("end") && node.get("end").isBoolean()
                ? (node.get("end").asBoolean() ? Optional.of(new TextMatch(List.of(), List.of(), Optional.empty(), Optional.empty())) : Optional.empty())
                : match(where + ".expect.end", node.get("end"));
        return new Expect(match(where + ".expect.reply", node.get("reply")), tools,
                node.path("noToolCalls").asBoolean(false), node.path("noReply").asBoolean(false), end,
                match(where + ".expect.handoff", node.get("handoff")), match(where + ".expect.play", node.get("play")),
                match(where + ".expect.sendDigits", node.get("sendDigits")),
                match(where + ".expect.language", node.get("language")));
    }

    private static Optional<TextMatch> match(String where, JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(TextMatch.parse(where, node));
    }

    private static Optional<String> text(JsonNode root, String field) {
        return root.hasNonNull(field) ? Optional.of(root.get(field).asText()) : Optional.empty();
    }
}
