package dev.switchboard.shared.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a use-case document (a config file's JSON, or a DynamoDB item converted by {@link DynamoItems}) into a
 * {@link UseCase}. The rules are {@code configs/schema/use-case.schema.json}'s: the document is checked against it
 * ({@link ConfigSchema#lenient}), and this class only maps. Never throws for bad content: each attribute that fails
 * is replaced by its safe default (from {@link DefaultUseCase}) or dropped, and described by a {@link ConfigProblem}
 * naming the use case, the attribute path and the reason. What the schema cannot say is checked here: duplicates
 * in a list, a DTMF handler naming a tool the use case lacks, an unknown time zone, an id that differs from the key.
 *
 * <p>Lenient where a console edit is unambiguous: a boolean or number where a string is expected (say
 * {@code relay.dtmfDetection} typed as BOOL) is turned into its text, and a numeric or boolean string where a
 * number or boolean is expected is parsed.
 */
public final class UseCaseReader {

    /** Bookkeeping attributes a stored item carries besides the use case's own. */
    public static final Set<String> METADATA = Set.of("pk", "sk", "updatedAt", "source");
    /** Attributes only a config file has: the config command turns them into the prompt text and ROUTE# items. */
    public static final List<String> FILE_ONLY = List.of("$schema", "promptFile", "numbers", "defaultRoute");

    private static final String DTMF_TERMINATOR = "#";
    private static final int DTMF_MAX_DIGITS = 10;
    private static final int DTMF_TIMEOUT_MS = 5000;
    private static final String RELAY_DROPPED = "not emitted";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String id;
    private final ReadProblems problems;

    private UseCaseReader(String id, ReadProblems problems) {
        this.id = id;
        this.problems = problems;
    }

    /**
     * Reads {@code document} as use case {@code id} (the id its key or file names). A document that is not an
     * object gives the built-in default use case and one problem.
     */
    public static LoadedUseCase read(String id, JsonNode document) {
        if (document == null || !document.isObject()) {
            return new LoadedUseCase(DefaultUseCase.useCase(), List.of(new ConfigProblem(id, "", "the use case is "
                    + SchemaReasons.describe(document) + ", not a map; using the built-in default use case")));
        }
        ObjectNode item = document.deepCopy();
        METADATA.forEach(item::remove);
        ConfigSchema.Checked checked = ConfigSchema.useCase().lenient(item);
        UseCaseReader reader = new UseCaseReader(id, new ReadProblems(id, checked.violations()));
        UseCase useCase = reader.read(checked.document());
        return new LoadedUseCase(useCase, reader.problems.all());
    }

    private UseCase read(JsonNode doc) {
        UseCase d = DefaultUseCase.useCase();
        FILE_ONLY.stream().filter(doc::has)
                .forEach(name -> problems.add(name, "only config files have this attribute; ignored"));
        checkId(doc);
        List<UseCase.ToolSpec> tools = tools(doc.get("tools"));
        return new UseCase(id, text(doc, "description", d.description()), timeZone(doc, d.timeZone()),
                systemPrompt(doc, d.systemPrompt()), doc.has("relay") ? relay(doc.get("relay")) : d.relay(),
                languages(doc.get("languages")), parameters(doc.get("parameters")), llm(doc.get("llm"), d.llm()),
                tools, dtmf(doc.get("dtmf"), tools), handoff(doc.get("handoff"), d.handoff()),
                limits(doc.get("limits"), d.limits()), speech(doc.get("speech"), d.speech()), data(doc.get("data")),
                phrases(doc.get("phrases")));
    }

    private void checkId(JsonNode doc) {
        if (!doc.has("id")) {
            problems.dismiss("id");
            return;
        }
        String stored = text(doc, "id", id);
        if (!stored.equals(id)) {
            problems.add("id", "'" + stored + "' does not match the key's id '" + id + "'; using '" + id + "'");
        }
    }

    private String timeZone(JsonNode doc, String fallback) {
        String zone = text(doc, "timeZone", fallback);
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            problems.add("timeZone", "'" + zone + "' is not an IANA time zone such as America/New_York; using "
                    + fallback);
            return fallback;
        }
    }

    private String systemPrompt(JsonNode doc, String builtIn) {
        if (problems.failed("systemPrompt")) {
            problems.fallBack("systemPrompt", "using the built-in prompt");
            return builtIn;
        }
        if (!doc.hasNonNull("systemPrompt")) {
            problems.add("systemPrompt", "missing; using the built-in prompt");
            return builtIn;
        }
        return doc.get("systemPrompt").textValue();
    }

    private Map<String, String> relay(JsonNode node) {
        Map<String, String> relay = new LinkedHashMap<>();
        if (section(node, "relay", "using no <ConversationRelay> attributes")) {
            node.fields().forEachRemaining(e -> {
                String path = "relay." + e.getKey();
                if (problems.failed(path)) {
                    problems.fallBack(path, RELAY_DROPPED);
                } else {
                    relay.put(e.getKey(), ConfigSchema.text(e.getValue()));
                }
            });
        }
        return relay;
    }

    private List<UseCase.LanguageOption> languages(JsonNode node) {
        List<UseCase.LanguageOption> languages = new ArrayList<>();
        if (!section(node, "languages", "using no extra languages")) {
            return languages;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "languages[" + i + "]";
            JsonNode entry = node.get(i);
            if (problems.failedAtOrIn(path, "code")) {
                problems.fallBack(path, "entry dropped");
                continue;
            }
            String code = entry.get("code").textValue();
            if (!seen.add(code)) {
                problems.add(path + ".code", "'" + code + "' is listed twice; entry dropped");
                problems.fallBack(path, "entry dropped");
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            entry.fields().forEachRemaining(e -> {
                String attributePath = path + "." + e.getKey();
                if (problems.failed(attributePath)) {
                    problems.fallBack(attributePath, "not emitted");
                } else if (!"code".equals(e.getKey())) {
                    attributes.put(e.getKey(), ConfigSchema.text(e.getValue()));
                }
            });
            languages.add(new UseCase.LanguageOption(code, attributes));
        }
        return languages;
    }

    private Map<String, String> parameters(JsonNode node) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (section(node, "parameters", "using no custom parameters")) {
            node.fields().forEachRemaining(e -> {
                String path = "parameters." + e.getKey();
                if (problems.failed(path)) {
                    problems.fallBack(path, "ignored");
                } else {
                    parameters.put(e.getKey(), ConfigSchema.text(e.getValue()));
                }
            });
        }
        return parameters;
    }

    private UseCase.LlmSettings llm(JsonNode node, UseCase.LlmSettings d) {
        if (!section(node, "llm", "using the default model settings")) {
            return d;
        }
        return new UseCase.LlmSettings(text(node, "llm", "model", d.model()),
                number(node, "llm", "temperature", d.temperature()),
                (int) number(node, "llm", "maxTokens", d.maxTokens()),
                (int) number(node, "llm", "historyMessages", d.historyMessages()),
                (int) number(node, "llm", "fillerAfterMs", d.fillerAfterMs()));
    }

    private List<UseCase.ToolSpec> tools(JsonNode node) {
        List<UseCase.ToolSpec> tools = new ArrayList<>();
        if (!section(node, "tools", "using no tools")) {
            return tools;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode t = node.get(i);
            if (problems.failedAtOrIn(path, "name", "description", "function", "parameters")) {
                problems.fallBack(path, "tool dropped");
                continue;
            }
            String name = t.get("name").textValue();
            if (!names.add(name)) {
                problems.add(path + ".name", "'" + name + "' is defined twice; tool dropped");
                problems.fallBack(path, "tool dropped");
                continue;
            }
            Map<String, Object> parameters = t.has("parameters")
                    ? Json.MAPPER.convertValue(t.get("parameters"), MAP)
                    : Map.of("type", "object", "properties", Map.of());
            tools.add(new UseCase.ToolSpec(name, t.get("description").textValue(), parameters,
                    t.get("function").textValue(), text(t, path, "filler", "")));
        }
        return tools;
    }

    private List<UseCase.DtmfHandler> dtmf(JsonNode node, List<UseCase.ToolSpec> tools) {
        List<UseCase.DtmfHandler> handlers = new ArrayList<>();
        if (!section(node, "dtmf", "keypad presses go to the model")) {
            return handlers;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "dtmf[" + i + "]";
            JsonNode h = node.get(i);
            boolean say = "say".equals(h.path("action").asText());
            if (problems.failedAtOrIn(path, "key", "action", "tool") || say && problems.failed(path + ".text")) {
                problems.fallBack(path, "handler dropped");
                continue;
            }
            String key = ConfigSchema.text(h.get("key"));
            String tool = text(h, path, "tool", "");
            if (!keys.add(key)) {
                problems.add(path + ".key", "key '" + key + "' has two handlers; handler dropped");
            } else if (!tool.isEmpty() && tools.stream().noneMatch(t -> t.name().equals(tool))) {
                problems.add(path + ".tool", "no tool named '" + tool + "' in this use case; handler dropped");
            } else {
                handlers.add(new UseCase.DtmfHandler(key, h.get("action").textValue(), text(h, path, "text", ""),
                        tool, (int) number(h, path, "maxDigits", DTMF_MAX_DIGITS),
                        text(h, path, "terminator", DTMF_TERMINATOR),
                        (int) number(h, path, "timeoutMs", DTMF_TIMEOUT_MS), bool(h, path, "sensitive", false)));
                continue;
            }
            problems.fallBack(path, "handler dropped");
        }
        return handlers;
    }

    private UseCase.Handoff handoff(JsonNode node, UseCase.Handoff d) {
        if (!section(node, "handoff", "using the default (say goodbye and hang up)")) {
            return d;
        }
        String mode = text(node, "handoff", "mode", d.mode());
        for (String[] target : new String[][] {{"enqueue", "workflowSid"}, {"dial", "number"}}) {
            String path = "handoff." + target[1];
            if (target[0].equals(mode) && problems.failed(path)) {
                problems.fallBack(path, "mode " + mode + " falls back to hangup");
                mode = "hangup";
            }
        }
        return new UseCase.Handoff(mode, text(node, "handoff", "workflowSid", ""), text(node, "handoff", "number", ""),
                text(node, "handoff", "message", d.message()),
                (int) number(node, "handoff", "afterFailures", d.afterFailures()));
    }

    private UseCase.Limits limits(JsonNode node, UseCase.Limits d) {
        if (!section(node, "limits", "using the default limits")) {
            return d;
        }
        return new UseCase.Limits((int) number(node, "limits", "maxCallSeconds", d.maxCallSeconds()),
                (int) number(node, "limits", "maxTurns", d.maxTurns()),
                (int) number(node, "limits", "maxToolSteps", d.maxToolSteps()));
    }

    private UseCase.SpeechSettings speech(JsonNode node, UseCase.SpeechSettings d) {
        if (!section(node, "speech", "using the default speech settings")) {
            return d;
        }
        String hold = d.holdAudioUrl();
        if (problems.failed("speech.holdAudioUrl")) {
            problems.fallBack("speech.holdAudioUrl", "no hold audio");
        } else {
            hold = text(node, "speech", "holdAudioUrl", hold);
        }
        return new UseCase.SpeechSettings(bool(node, "speech", "voiceSafe", d.voiceSafe()),
                bool(node, "speech", "partialPrompts", d.partialPrompts()), hold);
    }

    private Map<String, Object> data(JsonNode node) {
        return section(node, "data", "using no data") ? Json.MAPPER.convertValue(node, MAP) : Map.of();
    }

    private Phrases phrases(JsonNode node) {
        if (!section(node, "phrases", "using the built-in English phrases")) {
            return Phrases.builtIn();
        }
        Map<Phrases.Phrase, Map<String, String>> texts = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String path = "phrases." + e.getKey();
            Optional<Phrases.Phrase> phrase = Phrases.Phrase.named(e.getKey());
            if (phrase.isEmpty() || problems.failedAt(path)) {
                problems.fallBack(path, phrase.isEmpty() ? "ignored" : "using the built-in English text");
                return;
            }
            Map<String, String> byLanguage = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(l -> {
                String languagePath = path + "." + l.getKey();
                if (problems.failed(languagePath)) {
                    problems.fallBack(languagePath, "ignored");
                } else {
                    byLanguage.put(l.getKey(), l.getValue().textValue());
                }
            });
            texts.put(phrase.get(), byLanguage);
        });
        return new Phrases(texts);
    }

    // --- value readers: each gives the fallback (and reports why) when the schema found the value wrong ---

    /** Whether a section is there and usable; when it is there but is not, reports why with the consequence. */
    private boolean section(JsonNode node, String path, String consequence) {
        if (node == null) {
            return false;
        }
        if (problems.failedAt(path)) {
            problems.fallBack(path, consequence);
            return false;
        }
        return true;
    }

    private String text(JsonNode doc, String field, String fallback) {
        return text(doc, "", field, fallback);
    }

    private String text(JsonNode parent, String parentPath, String field, String fallback) {
        JsonNode node = value(parent, parentPath, field, "using " + (fallback.isEmpty() ? "an empty value"
                : "'" + fallback + "'"));
        return node == null ? fallback : ConfigSchema.text(node);
    }

    private double number(JsonNode parent, String parentPath, String field, double fallback) {
        JsonNode node = value(parent, parentPath, field, "using " + ConfigSchema.text(Json.MAPPER.valueToTree(fallback)));
        return node == null ? fallback : node.doubleValue();
    }

    private boolean bool(JsonNode parent, String parentPath, String field, boolean fallback) {
        JsonNode node = value(parent, parentPath, field, "using " + fallback);
        return node == null ? fallback : node.booleanValue();
    }

    /** The value at {@code parentPath.field}; null (reported with the consequence when wrong) to use the fallback. */
    private JsonNode value(JsonNode parent, String parentPath, String field, String consequence) {
        String path = parentPath.isEmpty() ? field : parentPath + "." + field;
        if (problems.failed(path)) {
            problems.fallBack(path, consequence);
            return null;
        }
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
