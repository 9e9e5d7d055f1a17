package dev.switchboard.shared.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.switchboard.shared.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a tool call's arguments against the tool's JSON Schema from the use-case config (the same schema the
 * model was given). Compiled schemas are cached per container; the cache is keyed by the schema itself, so an
 * edit in the console takes effect as soon as the use case is reloaded.
 */
public final class ArgumentValidator {

    private static final int MAX_CACHED = 64;

    private final Map<Map<String, Object>, JsonSchema> compiled = new ConcurrentHashMap<>();

    /**
     * The problems with {@code arguments}, each naming the field and the reason, e.g.
     * {@code items[0].size: does not have a value in the enumeration ["small", "large"]}; empty when valid.
     *
     * @throws IllegalArgumentException when the schema itself cannot be compiled (a config mistake)
     */
    public List<String> problems(Map<String, Object> schema, JsonNode arguments) {
        JsonSchema jsonSchema = compiled.get(schema);
        if (jsonSchema == null) {
            jsonSchema = compile(schema);
            if (compiled.size() >= MAX_CACHED) {
                compiled.clear();
            }
            compiled.put(schema, jsonSchema);
        }
        Set<ValidationMessage> messages;
        try {
            messages = jsonSchema.validate(arguments);
        } catch (RuntimeException e) {
            // networknt resolves parts of a schema (refs, patterns) lazily, on first use
            compiled.remove(schema);
            throw new IllegalArgumentException("tool parameters are not a usable JSON Schema: " + e.getMessage(), e);
        }
        return messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ArgumentValidator::describe)
                .toList();
    }

    private static JsonSchema compile(Map<String, Object> schema) {
        JsonNode node = Json.MAPPER.valueToTree(schema);
        try {
            SpecVersion.VersionFlag version = node.has("$schema")
                    ? SpecVersionDetector.detect(node)
                    : SpecVersion.VersionFlag.V202012;
            return JsonSchemaFactory.getInstance(version).getSchema(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tool parameters are not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** networknt writes {@code $.a.b: reason}; the model reads {@code a.b: reason} ({@code arguments: } at the root). */
    private static String describe(ValidationMessage message) {
        String text = message.getMessage();
        if (text.startsWith("$.")) {
            return text.substring(2);
        }
        if (text.startsWith("$:")) {
            return "arguments:" + text.substring(2);
        }
        return text;
    }
}
