package dev.switchboard.local.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The responder behind the local stack's OpenAI-compatible server when no API key is set: it reads the request the
 * real openai-java client sent, finds the first {@link ModelScript} rule that fits the conversation's last message,
 * and answers with its text and tool calls, streamed at the script's pace.
 *
 * <ul>
 *   <li>When the last messages are tool results, a rule {@code after: <tool>} answers (with {@code failed} telling
 *       a failed result from a good one); when none fits, the default reply (never another tool call, so a script
 *       cannot loop).</li>
 *   <li>Otherwise the last user message is matched against the rules' {@code when} conditions.</li>
 * </ul>
 * {@link #firstTokenDelay} and {@link #tokenPace} override the script's pace (benchmarks).
 */
public final class ScriptedModel implements Function<ChatRequest, Reply> {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*(?:\\|\\s*(lower|upper|capitalize|int)\\s*)?}}");

    private final List<ModelScript> scripts;
    private final AtomicInteger callIds = new AtomicInteger();
    private volatile Optional<Duration> firstTokenDelay = Optional.empty();
    private volatile Optional<Duration> tokenPace = Optional.empty();

    public ScriptedModel(ModelScript script) {
        this(List.of(script));
    }

    /**
     * Several scripts: each request is answered by the first whose {@code system} regex matches the conversation's
     * system prompt, else by the first script without one (else the first script).
     */
    public ScriptedModel(List<ModelScript> scripts) {
        if (scripts.isEmpty()) {
            throw new IllegalArgumentException("no model script");
        }
        this.scripts = List.copyOf(scripts);
    }

    /** The script that answers a conversation with this system prompt. */
    ModelScript scriptFor(String systemPrompt) {
        for (ModelScript script : scripts) {
            if (script.system().isPresent() && script.system().get().matcher(systemPrompt).find()) {
                return script;
            }
        }
        return scripts.stream().filter(s -> s.system().isEmpty()).findFirst().orElse(scripts.get(0));
    }

    /** Overrides every reply's time to first token (empty = the script's). */
    public void firstTokenDelay(Optional<Duration> delay) {
        this.firstTokenDelay = delay;
    }

    /** Overrides every reply's time between tokens (empty = the script's). */
    public void tokenPace(Optional<Duration> pace) {
        this.tokenPace = pace;
    }

    @Override
    public Reply apply(ChatRequest request) {
        List<ChatRequest.Message> messages = request.messages();
        ModelScript script = scriptFor(messages.stream()
                .filter(m -> m.role().equals("system") || m.role().equals("developer"))
                .map(ChatRequest.Message::content).findFirst().orElse(""));
        Map<String, String> results = trailingToolResults(messages);
        Map<String, String> variables = new HashMap<>();
        String previous = lastContent(messages, "assistant");
        String caller = lastContent(messages, "user");
        variables.put("caller", caller);
        Optional<ModelScript.Rule> rule = results.isEmpty()
                ? answerCaller(script, caller, previous, variables)
                : answerTools(script, results, variables);
        if (rule.isEmpty()) {
            return paced(script, Reply.text(substitute(script.defaultReply(), variables)), Optional.empty(), Optional.empty());
        }
        ModelScript.Rule r = rule.get();
        Reply.Completion reply = Reply.text(substitute(r.say(), variables));
        if (results.isEmpty()) {
            List<ToolCall> calls = new ArrayList<>();
            for (ModelScript.ScriptedToolCall call : r.toolCalls()) {
                calls.add(ToolCall.of("call_" + Integer.toString(callIds.incrementAndGet(), 36) + "_"
                                + Long.toString(System.nanoTime() % 1_000_000, 36), call.name(),
                        Json.write(substituteAll(call.arguments(), variables))));
            }
            reply = reply.withToolCalls(calls.toArray(ToolCall[]::new));
        }
        return paced(script, reply, r.firstTokenDelay(), r.tokenPace());
    }

    private Reply.Completion paced(ModelScript script, Reply.Completion reply, Optional<Duration> ruleDelay,
                                   Optional<Duration> rulePace) {
        return reply
                .firstTokenDelay(firstTokenDelay.or(() -> ruleDelay).orElse(script.firstTokenDelay()))
                .tokenPace(tokenPace.or(() -> rulePace).orElse(script.tokenPace()));
    }

    private Optional<ModelScript.Rule> answerCaller(ModelScript script, String caller, String previous,
                                                    Map<String, String> variables) {
        String lower = caller.toLowerCase(Locale.ROOT);
        for (ModelScript.Rule rule : script.rules()) {
            if (rule.when().isEmpty()) {
                continue;
            }
            ModelScript.Condition when = rule.when().get();
            if (!when.keywords().isEmpty() && when.keywords().stream().noneMatch(k -> contains(lower, k))) {
                continue;
            }
            if (!when.all().stream().allMatch(k -> contains(lower, k))) {
                continue;
            }
            Map<String, String> groups = new HashMap<>();
            if (when.previous().isPresent()) {
                Matcher p = when.previous().get().matcher(previous);
                if (!p.find()) {
                    continue;
                }
                p.namedGroups().forEach((name, index) -> groups.put(name, p.group(index) == null ? "" : p.group(index)));
            }
            if (when.regex().isPresent()) {
                Matcher m = when.regex().get().matcher(caller);
                if (!m.find()) {
                    continue;
                }
                for (int g = 0; g <= m.groupCount(); g++) {
                    groups.put(Integer.toString(g), m.group(g) == null ? "" : m.group(g));
                }
                m.namedGroups().forEach((name, index) -> groups.put(name, m.group(index) == null ? "" : m.group(index)));
            }
            variables.putAll(groups);
            return Optional.of(rule);
        }
        return Optional.empty();
    }

    private Optional<ModelScript.Rule> answerTools(ModelScript script, Map<String, String> results,
                                                   Map<String, String> variables) {
        results.forEach((name, content) -> {
            JsonNode json = resultJson(content);
            variables.put("results." + name, content);
            flatten("results." + name, json, variables);
        });
        for (ModelScript.Rule rule : script.rules()) {
            if (rule.after().isEmpty() || !results.containsKey(rule.after().get())) {
                continue;
            }
            String content = results.get(rule.after().get());
            boolean failed = isFailure(content);
            if (rule.failed().isPresent() && rule.failed().get() != failed) {
                continue;
            }
            if (rule.failed().isEmpty() && failed && hasFailureRule(script, rule.after().get())) {
                continue;
            }
            variables.put("result", resultText(content));
            flatten("result", resultJson(content), variables);
            return Optional.of(rule);
        }
        return Optional.empty();
    }

    private static boolean hasFailureRule(ModelScript script, String tool) {
        return script.rules().stream().anyMatch(r -> r.after().filter(tool::equals).isPresent()
                && r.failed().orElse(false));
    }

    /** The tool messages after the last assistant message, by tool name (from the assistant's tool calls). */
    private static Map<String, String> trailingToolResults(List<ChatRequest.Message> messages) {
        Map<String, String> byId = new LinkedHashMap<>();
        int i = messages.size() - 1;
        while (i >= 0 && messages.get(i).role().equals("tool")) {
            byId.put(messages.get(i).toolCallId(), messages.get(i).content());
            i--;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        if (byId.isEmpty()) {
            return byName;
        }
        for (int j = i; j >= 0; j--) {
            for (ToolCall call : messages.get(j).toolCalls()) {
                if (byId.containsKey(call.id())) {
                    byName.putIfAbsent(call.name(), byId.get(call.id()));
                }
            }
        }
        if (byName.isEmpty()) {
            byId.forEach((id, content) -> byName.put(id, content));
        }
        return byName;
    }

    private static String lastContent(List<ChatRequest.Message> messages, String role) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatRequest.Message m = messages.get(i);
            if (m.role().equals(role) && !m.content().isEmpty()) {
                return m.content();
            }
        }
        return "";
    }

    /** Whether {@code text} contains {@code phrase} as whole words. */
    static boolean contains(String text, String phrase) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }

    /**
     * A failed tool result: content that is not JSON (tools answer failures with a sentence), or a JSON object with
     * {@code ok: false} or an {@code error}.
     */
    static boolean isFailure(String content) {
        JsonNode json = parse(content);
        if (json == null) {
            return true;
        }
        if (json.isObject()) {
            if (json.has("ok")) {
                return !json.get("ok").asBoolean(true);
            }
            JsonNode error = json.get("error");
            return error != null && !error.isNull() && !error.asText().isEmpty();
        }
        return false;
    }

    /**
     * The result itself: the {@code content} (or, for a failure, the {@code message}) of an {@code {ok, ...}}
     * wrapper, else the whole text.
     */
    private static String resultText(String content) {
        JsonNode json = parse(content);
        if (json != null && json.isObject() && json.has("ok")) {
            JsonNode inner = json.has("content") ? json.get("content") : json.get("message");
            if (inner != null) {
                return inner.isTextual() ? inner.asText() : inner.toString();
            }
        }
        return content;
    }

    private static JsonNode resultJson(String content) {
        JsonNode json = parse(resultText(content));
        return json == null ? TextNode.valueOf(content) : json;
    }

    private static JsonNode parse(String content) {
        try {
            String trimmed = content.trim();
            if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
                return null;
            }
            return Json.read(trimmed);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every field of a JSON result as {@code prefix.a.b} (array elements as {@code prefix.0}). */
    private static void flatten(String prefix, JsonNode json, Map<String, String> out) {
        if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                put(prefix + "." + i, json.get(i), out);
            }
        }
        json.properties().forEach(e -> put(prefix + "." + e.getKey(), e.getValue(), out));
    }

    private static void put(String key, JsonNode value, Map<String, String> out) {
        out.put(key, value.isValueNode() ? value.asText() : value.toString());
        flatten(key, value, out);
    }

    static String substitute(String text, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(filter(variables.getOrDefault(m.group(1), ""), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String filter(String value, String filter) {
        if (filter == null) {
            return value;
        }
        return switch (filter) {
            case "lower" -> value.toLowerCase(Locale.ROOT);
            case "upper" -> value.toUpperCase(Locale.ROOT);
            case "capitalize" -> value.isEmpty() ? value
                    : value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).toLowerCase(Locale.ROOT);
            default -> value.trim();
        };
    }

    private static JsonNode substituteAll(JsonNode node, Map<String, String> variables) {
        if (node.isTextual()) {
            Matcher whole = PLACEHOLDER.matcher(node.asText().trim());
            if (whole.matches() && "int".equals(whole.group(2))) {
                String value = variables.getOrDefault(whole.group(1), "").trim();
                try {
                    return com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return TextNode.valueOf(value);
                }
            }
            return TextNode.valueOf(substitute(node.asText(), variables));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            node.properties().forEach(e -> copy.set(e.getKey(), substituteAll(e.getValue(), variables)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(n -> copy.add(substituteAll(n, variables)));
            return copy;
        }
        return node;
    }
}
