package dev.switchboard.shared.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a use-case document (a config file's JSON, or a DynamoDB item converted by {@link DynamoItems}) into a
 * {@link UseCase}. Never throws for bad content: each bad attribute is replaced by its safe default (from
 * {@link DefaultUseCase}) or dropped, and described by a {@link ConfigProblem} naming the use case, the attribute
 * path and the reason. The same rules back {@code configs/schema/use-case.schema.json}.
 *
 * <p>Lenient where a console edit is unambiguous: a boolean or number where a string is expected (say
 * {@code relay.dtmfDetection} typed as BOOL) is turned into its text, and a numeric or boolean string where a
 * number or boolean is expected is parsed.
 */
public final class UseCaseReader {

    /** Top-level attributes a use case may have. */
    public static final Set<String> ATTRIBUTES = Set.of("id", "description", "timeZone", "systemPrompt", "relay",
            "languages", "parameters", "llm", "tools", "dtmf", "handoff", "limits", "speech", "data", "phrases");
    /** Bookkeeping attributes a stored item may carry besides {@link #ATTRIBUTES}. */
    public static final Set<String> METADATA = Set.of("pk", "sk", "updatedAt", "source");
    /** {@code <Parameter>} names the webhook sets itself. */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("callSid", "useCaseId", "resumed");

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    public static final Pattern WORKFLOW_SID = Pattern.compile("WW[0-9a-fA-F]{32}");
    public static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LANGUAGE_CODE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> DTMF_KEYS = Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#");
    private static final Set<String> DTMF_ACTIONS = Set.of("say", "handoff", "model", "collect");
    private static final Set<String> HANDOFF_MODES = Set.of("enqueue", "dial", "hangup");
    private static final Set<String> TERMINATORS = Set.of("#", "*", "");
    private static final Set<String> TOOL_FIELDS = Set.of("name", "description", "parameters", "function", "filler");
    private static final Set<String> DTMF_FIELDS = Set.of("key", "action", "text", "tool", "maxDigits",
            "terminator", "timeoutMs", "sensitive");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String id;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private UseCaseReader(String id) {
        this.id = id;
    }

    /**
     * Reads {@code document} as use case {@code id} (the id its key or file names). A document that is not an
     * object gives the built-in default use case and one problem.
     */
    public static LoadedUseCase read(String id, JsonNode document) {
        return new UseCaseReader(id).read(document);
    }

    private LoadedUseCase read(JsonNode doc) {
        UseCase d = DefaultUseCase.useCase();
        if (doc == null || !doc.isObject()) {
            problem("", "the use case is " + describe(doc) + ", not a map; using the built-in default use case");
            return new LoadedUseCase(DefaultUseCase.useCase(), problems);
        }
        for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ATTRIBUTES.contains(name) && !METADATA.contains(name)) {
                problem(name, "unknown attribute; ignored");
            }
        }
        if (doc.has("id")) {
            String stored = string(doc, "id", "id", id);
            if (!stored.equals(id)) {
                problem("id", "'" + stored + "' does not match the key's id '" + id + "'; using '" + id + "'");
            }
        }
        String description = string(doc, "description", "description", d.description());
        String timeZone = timeZone(doc);
        String systemPrompt = systemPrompt(doc, d);
        Map<String, String> relay = doc.has("relay") ? relay(doc.get("relay")) : d.relay();
        List<UseCase.LanguageOption> languages = languages(doc.get("languages"));
        Map<String, String> parameters = parameters(doc.get("parameters"));
        UseCase.LlmSettings llm = llm(doc.get("llm"), d.llm());
        List<UseCase.ToolSpec> tools = tools(doc.get("tools"));
        List<UseCase.DtmfHandler> dtmf = dtmf(doc.get("dtmf"), tools);
        UseCase.Handoff handoff = handoff(doc.get("handoff"), d.handoff());
        UseCase.Limits limits = limits(doc.get("limits"), d.limits());
        UseCase.SpeechSettings speech = speech(doc.get("speech"), d.speech());
        Map<String, Object> data = data(doc.get("data"));
        Phrases phrases = phrases(doc.get("phrases"));
        return new LoadedUseCase(new UseCase(id, description, timeZone, systemPrompt, relay, languages, parameters,
                llm, tools, dtmf, handoff, limits, speech, data, phrases), problems);
    }

    private String timeZone(JsonNode doc) {
        String fallback = DefaultUseCase.useCase().timeZone();
        String zone = string(doc, "timeZone", "timeZone", fallback);
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            problem("timeZone", "'" + zone + "' is not an IANA time zone such as America/New_York; using " + fallback);
            return fallback;
        }
    }

    private String systemPrompt(JsonNode doc, UseCase d) {
        if (!doc.has("systemPrompt")) {
            problem("systemPrompt", "missing; using the built-in prompt");
            return d.systemPrompt();
        }
        String prompt = string(doc, "systemPrompt", "systemPrompt", d.systemPrompt());
        if (prompt.isBlank()) {
            problem("systemPrompt", "empty; using the built-in prompt");
            return d.systemPrompt();
        }
        return prompt;
    }

    private Map<String, String> relay(JsonNode node) {
        Map<String, String> relay = new LinkedHashMap<>();
        if (!isMap(node, "relay", "using no <ConversationRelay> attributes")) {
            return relay;
        }
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String path = "relay." + name;
            if ("url".equals(name)) {
                problem(path, "set by the deployment (WEBSOCKET_URL); ignored");
                return;
            }
            if (!RelayAttributes.isKnown(name)) {
                problem(path, "unknown <ConversationRelay> attribute (names are case-sensitive); not emitted");
                return;
            }
            scalarText(e.getValue(), path, "not emitted").ifPresent(value -> {
                Optional<String> wrong = RelayAttributes.check(name, value);
                if (wrong.isPresent()) {
                    problem(path, wrong.get() + "; not emitted (Twilio's default applies)");
                } else {
                    relay.put(name, value);
                }
            });
        });
        RelayAttributes.checkCombinations(relay).forEach((name, why) -> {
            relay.remove(name);
            problem("relay." + name, why + "; not emitted (Twilio's default applies)");
        });
        return relay;
    }

    private List<UseCase.LanguageOption> languages(JsonNode node) {
        List<UseCase.LanguageOption> languages = new ArrayList<>();
        if (node == null || !isList(node, "languages", "using no extra languages")) {
            return languages;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "languages[" + i + "]";
            JsonNode entry = node.get(i);
            if (!isMap(entry, path, "entry dropped")) {
                continue;
            }
            if (!entry.hasNonNull("code")) {
                problem(path + ".code", "missing; entry dropped");
                continue;
            }
            Optional<String> code = scalarText(entry.get("code"), path + ".code", "entry dropped");
            if (code.isEmpty()) {
                continue;
            }
            Optional<String> wrongCode = RelayAttributes.checkLanguageCode(code.get());
            if (wrongCode.isPresent()) {
                problem(path + ".code", wrongCode.get() + "; entry dropped");
                continue;
            }
            if (!seen.add(code.get())) {
                problem(path + ".code", "'" + code.get() + "' is listed twice; entry dropped");
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            entry.fields().forEachRemaining(e -> {
                String name = e.getKey();
                String attrPath = path + "." + name;
                if ("code".equals(name)) {
                    return;
                }
                if (!RelayAttributes.languageElementAttributes().contains(name)) {
                    problem(attrPath, "not a <Language> attribute (allowed: code, "
                            + String.join(", ", RelayAttributes.languageElementAttributes().stream().sorted().toList())
                            + "); not emitted");
                    return;
                }
                scalarText(e.getValue(), attrPath, "not emitted").ifPresent(value -> {
                    Optional<String> wrong = RelayAttributes.checkLanguageAttribute(code.get(), name, value);
                    if (wrong.isPresent()) {
                        problem(attrPath, wrong.get() + "; not emitted");
                    } else {
                        attributes.put(name, value);
                    }
                });
            });
            languages.add(new UseCase.LanguageOption(code.get(), attributes));
        }
        return languages;
    }

    private Map<String, String> parameters(JsonNode node) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (node == null || !isMap(node, "parameters", "using no custom parameters")) {
            return parameters;
        }
        node.fields().forEachRemaining(e -> {
            String path = "parameters." + e.getKey();
            if (RESERVED_PARAMETERS.contains(e.getKey())) {
                problem(path, "reserved: the webhook sets this parameter itself; ignored");
            } else if (!PARAMETER_NAME.matcher(e.getKey()).matches()) {
                problem(path, "a parameter name is 1-64 letters, digits, '_', '.' or '-'; ignored");
            } else {
                scalarText(e.getValue(), path, "ignored").ifPresent(value -> parameters.put(e.getKey(), value));
            }
        });
        return parameters;
    }

    private UseCase.LlmSettings llm(JsonNode node, UseCase.LlmSettings d) {
        if (node == null || !isMap(node, "llm", "using the default model settings")) {
            return d;
        }
        unknownFields(node, "llm", Set.of("model", "temperature", "maxTokens", "historyMessages", "fillerAfterMs"));
        int fillerAfterMs = integer(node, "fillerAfterMs", "llm.fillerAfterMs", d.fillerAfterMs(), 0, 10_000);
        if (fillerAfterMs > 0 && fillerAfterMs < 300) {
            problem("llm.fillerAfterMs", "must be 0 (never) or between 300 and 10000, found " + fillerAfterMs
                    + "; using " + d.fillerAfterMs());
            fillerAfterMs = d.fillerAfterMs();
        }
        return new UseCase.LlmSettings(
                string(node, "model", "llm.model", d.model()),
                decimal(node, "temperature", "llm.temperature", d.temperature(), 0, 2),
                integer(node, "maxTokens", "llm.maxTokens", d.maxTokens(), 1, 16384),
                integer(node, "historyMessages", "llm.historyMessages", d.historyMessages(), 2, 500),
                fillerAfterMs);
    }

    private List<UseCase.ToolSpec> tools(JsonNode node) {
        List<UseCase.ToolSpec> tools = new ArrayList<>();
        if (node == null || !isList(node, "tools", "using no tools")) {
            return tools;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode t = node.get(i);
            if (!isMap(t, path, "tool dropped")) {
                continue;
            }
            unknownFields(t, path, TOOL_FIELDS);
            String name = string(t, "name", path + ".name", "");
            if (!TOOL_NAME.matcher(name).matches()) {
                problem(path + ".name", (name.isEmpty() ? "missing" : "'" + name + "' is not 1-64 letters, digits, '_' or '-'")
                        + "; tool dropped");
                continue;
            }
            if (!names.add(name)) {
                problem(path + ".name", "'" + name + "' is defined twice; tool dropped");
                continue;
            }
            String description = string(t, "description", path + ".description", "");
            if (description.isBlank()) {
                problem(path + ".description", "missing; the model needs it to know when to call '" + name
                        + "'; tool dropped");
                continue;
            }
            String function = string(t, "function", path + ".function", "");
            if (function.isBlank()) {
                problem(path + ".function", "missing: name the key of the deployment's tool function map; tool dropped");
                continue;
            }
            Optional<Map<String, Object>> parameters = toolParameters(t.get("parameters"), path + ".parameters");
            if (parameters.isEmpty()) {
                continue;
            }
            tools.add(new UseCase.ToolSpec(name, description, parameters.get(), function,
                    string(t, "filler", path + ".filler", "")));
        }
        return tools;
    }

    private Optional<Map<String, Object>> toolParameters(JsonNode node, String path) {
        if (node == null) {
            return Optional.of(Map.of("type", "object", "properties", Map.of()));
        }
        if (!node.isObject()) {
            problem(path, "expected a JSON Schema map, found " + describe(node) + "; tool dropped");
            return Optional.empty();
        }
        JsonNode type = node.get("type");
        if (type == null || !"object".equals(type.asText())) {
            problem(path + ".type", "a tool's parameters must be a JSON Schema with type 'object'; tool dropped");
            return Optional.empty();
        }
        if (node.has("properties") && !node.get("properties").isObject()) {
            problem(path + ".properties", "expected a map, found " + describe(node.get("properties")) + "; tool dropped");
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.convertValue(node, MAP));
    }

    private List<UseCase.DtmfHandler> dtmf(JsonNode node, List<UseCase.ToolSpec> tools) {
        List<UseCase.DtmfHandler> handlers = new ArrayList<>();
        if (node == null || !isList(node, "dtmf", "keypad presses go to the model")) {
            return handlers;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "dtmf[" + i + "]";
            JsonNode h = node.get(i);
            if (!isMap(h, path, "handler dropped")) {
                continue;
            }
            unknownFields(h, path, DTMF_FIELDS);
            String key = string(h, "key", path + ".key", "");
            if (!DTMF_KEYS.contains(key)) {
                problem(path + ".key", (key.isEmpty() ? "missing" : "'" + key + "' is not one of 0-9, * or #")
                        + "; handler dropped");
                continue;
            }
            if (!keys.add(key)) {
                problem(path + ".key", "key '" + key + "' has two handlers; handler dropped");
                continue;
            }
            String action = string(h, "action", path + ".action", "");
            if (!DTMF_ACTIONS.contains(action)) {
                problem(path + ".action", (action.isEmpty() ? "missing" : "'" + action + "' is not one of say, handoff, model, collect")
                        + "; handler dropped");
                continue;
            }
            String text = string(h, "text", path + ".text", "");
            if ("say".equals(action) && text.isBlank()) {
                problem(path + ".text", "a 'say' handler needs the text to speak; handler dropped");
                continue;
            }
            String tool = string(h, "tool", path + ".tool", "");
            if (!tool.isEmpty() && tools.stream().noneMatch(t -> t.name().equals(tool))) {
                problem(path + ".tool", "no tool named '" + tool + "' in this use case; handler dropped");
                continue;
            }
            String terminator = string(h, "terminator", path + ".terminator", "#");
            if (!TERMINATORS.contains(terminator)) {
                problem(path + ".terminator", "'" + terminator + "' is not '#', '*' or empty; using '#'");
                terminator = "#";
            }
            handlers.add(new UseCase.DtmfHandler(key, action, text, tool,
                    integer(h, "maxDigits", path + ".maxDigits", 10, 1, 32),
                    terminator,
                    integer(h, "timeoutMs", path + ".timeoutMs", 5000, 500, 30000),
                    bool(h, "sensitive", path + ".sensitive", false)));
        }
        return handlers;
    }

    private UseCase.Handoff handoff(JsonNode node, UseCase.Handoff d) {
        if (node == null || !isMap(node, "handoff", "using the default (say goodbye and hang up)")) {
            return d;
        }
        unknownFields(node, "handoff", Set.of("mode", "workflowSid", "number", "message", "afterFailures"));
        String mode = string(node, "mode", "handoff.mode", d.mode());
        if (!HANDOFF_MODES.contains(mode)) {
            problem("handoff.mode", "'" + mode + "' is not one of enqueue, dial, hangup; using hangup");
            mode = "hangup";
        }
        String workflowSid = string(node, "workflowSid", "handoff.workflowSid", "");
        String number = string(node, "number", "handoff.number", "");
        if ("enqueue".equals(mode) && !WORKFLOW_SID.matcher(workflowSid).matches()) {
            problem("handoff.workflowSid", (workflowSid.isEmpty() ? "missing" : "'" + workflowSid + "' is not a TaskRouter workflow SID (WW + 32 hex)")
                    + "; mode enqueue falls back to hangup");
            mode = "hangup";
        }
        if ("dial".equals(mode) && !E164.matcher(number).matches()) {
            problem("handoff.number", (number.isEmpty() ? "missing" : "'" + number + "' is not an E.164 number such as +14155550100")
                    + "; mode dial falls back to hangup");
            mode = "hangup";
        }
        return new UseCase.Handoff(mode, workflowSid, number,
                string(node, "message", "handoff.message", d.message()),
                integer(node, "afterFailures", "handoff.afterFailures", d.afterFailures(), 1, 10));
    }

    private UseCase.Limits limits(JsonNode node, UseCase.Limits d) {
        if (node == null || !isMap(node, "limits", "using the default limits")) {
            return d;
        }
        unknownFields(node, "limits", Set.of("maxCallSeconds", "maxTurns", "maxToolSteps"));
        return new UseCase.Limits(
                integer(node, "maxCallSeconds", "limits.maxCallSeconds", d.maxCallSeconds(), 30, 14400),
                integer(node, "maxTurns", "limits.maxTurns", d.maxTurns(), 1, 1000),
                integer(node, "maxToolSteps", "limits.maxToolSteps", d.maxToolSteps(), 1, 20));
    }

    private UseCase.SpeechSettings speech(JsonNode node, UseCase.SpeechSettings d) {
        if (node == null || !isMap(node, "speech", "using the default speech settings")) {
            return d;
        }
        unknownFields(node, "speech", Set.of("voiceSafe", "partialPrompts", "holdAudioUrl"));
        String hold = string(node, "holdAudioUrl", "speech.holdAudioUrl", d.holdAudioUrl());
        if (!hold.isEmpty() && !hold.startsWith("https://")) {
            problem("speech.holdAudioUrl", "'" + hold + "' is not an https:// URL; no hold audio");
            hold = "";
        }
        return new UseCase.SpeechSettings(
                bool(node, "voiceSafe", "speech.voiceSafe", d.voiceSafe()),
                bool(node, "partialPrompts", "speech.partialPrompts", d.partialPrompts()),
                hold);
    }

    private Map<String, Object> data(JsonNode node) {
        if (node == null || !isMap(node, "data", "using no data")) {
            return Map.of();
        }
        return Json.MAPPER.convertValue(node, MAP);
    }

    private Phrases phrases(JsonNode node) {
        if (node == null || !isMap(node, "phrases", "using the built-in English phrases")) {
            return Phrases.builtIn();
        }
        Map<Phrases.Phrase, Map<String, String>> texts = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String path = "phrases." + e.getKey();
            Optional<Phrases.Phrase> phrase = Phrases.Phrase.named(e.getKey());
            if (phrase.isEmpty()) {
                problem(path, "unknown phrase; ignored");
                return;
            }
            if (!isMap(e.getValue(), path, "using the built-in English text")) {
                return;
            }
            Map<String, String> byLanguage = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(l -> {
                String languagePath = path + "." + l.getKey();
                if (!LANGUAGE_CODE.matcher(l.getKey()).matches()) {
                    problem(languagePath, "'" + l.getKey() + "' is not a language code such as en-US; ignored");
                    return;
                }
                scalarText(l.getValue(), languagePath, "ignored").ifPresent(text -> {
                    if (text.isBlank()) {
                        problem(languagePath, "empty; ignored");
                    } else {
                        byLanguage.put(l.getKey(), text);
                    }
                });
            });
            texts.put(phrase.get(), byLanguage);
        });
        return new Phrases(texts);
    }

    // --- scalar readers: each returns the fallback (and records why) when the value is unusable ---

    private String string(JsonNode parent, String field, String path, String fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        return scalarText(node, path, "using " + shown(fallback)).orElse(fallback);
    }

    /** The text of a string, boolean or number; empty (and a problem with its consequence) for anything else. */
    private Optional<String> scalarText(JsonNode node, String path, String consequence) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            problem(path, "expected a string, found " + describe(node) + "; " + consequence);
        }
        return text;
    }

    private static Optional<String> text(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isBoolean()) {
            return Optional.of(String.valueOf(node.booleanValue()));
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue().stripTrailingZeros().toPlainString());
        }
        return Optional.empty();
    }

    private int integer(JsonNode parent, String field, String path, int fallback, int min, int max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        Optional<Double> number = number(node);
        if (number.isEmpty() || number.get() != Math.rint(number.get())) {
            problem(path, "expected a whole number, found " + describe(node) + "; using " + fallback);
            return fallback;
        }
        double v = number.get();
        if (v < min || v > max) {
            problem(path, "must be between " + min + " and " + max + ", found " + node.asText() + "; using " + fallback);
            return fallback;
        }
        return (int) v;
    }

    private double decimal(JsonNode parent, String field, String path, double fallback, double min, double max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        Optional<Double> number = number(node);
        if (number.isEmpty()) {
            problem(path, "expected a number, found " + describe(node) + "; using " + fallback);
            return fallback;
        }
        if (number.get() < min || number.get() > max) {
            problem(path, "must be between " + min + " and " + max + ", found " + node.asText() + "; using " + fallback);
            return fallback;
        }
        return number.get();
    }

    private static Optional<Double> number(JsonNode node) {
        if (node.isNumber()) {
            return Optional.of(node.doubleValue());
        }
        if (node.isTextual()) {
            try {
                double v = Double.parseDouble(node.textValue().trim());
                return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private boolean bool(JsonNode parent, String field, String path, boolean fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && ("true".equals(node.textValue()) || "false".equals(node.textValue()))) {
            return Boolean.parseBoolean(node.textValue());
        }
        problem(path, "expected true or false, found " + describe(node) + "; using " + fallback);
        return fallback;
    }

    private boolean isMap(JsonNode node, String path, String consequence) {
        if (node != null && node.isObject()) {
            return true;
        }
        problem(path, "expected a map, found " + describe(node) + "; " + consequence);
        return false;
    }

    private boolean isList(JsonNode node, String path, String consequence) {
        if (node.isArray()) {
            return true;
        }
        problem(path, "expected a list, found " + describe(node) + "; " + consequence);
        return false;
    }

    private void unknownFields(JsonNode node, String path, Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problem(path + "." + name, "unknown attribute; ignored");
            }
        });
    }

    private void problem(String attribute, String reason) {
        problems.add(new ConfigProblem(id, attribute, reason));
    }

    private static String shown(String value) {
        return value.isEmpty() ? "an empty value" : "'" + value + "'";
    }

    /** How a value looks to the person who typed it, in DynamoDB's words. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "a null (NULL)";
        }
        if (node.isObject()) {
            return "a map (M)";
        }
        if (node.isArray()) {
            return "a list (L)";
        }
        if (node.isBoolean()) {
            return "a boolean (BOOL) " + node.booleanValue();
        }
        if (node.isNumber()) {
            return "a number (N) " + node.asText();
        }
        String text = node.asText();
        return "a string (S) '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
}
