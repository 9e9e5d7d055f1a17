package dev.switchboard.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A config document's JSON Schema (draft 2020-12), checked with networknt json-schema-validator, each message turned
 * into an attribute path ({@code relay.dtmfDetection}, {@code tools[1].name}) and a reason a person can act on.
 * {@link #useCase()} is {@code configs/schema/use-case.schema.json}, copied onto the layer's class path at build
 * time: {@code ./switchboard config validate} checks files with it and {@link UseCaseReader} the items read from
 * DynamoDB, so the rules of a use case live in that file only.
 *
 * <p>Where the schema gives a rule a {@code title}, the reason says it: a pattern with the title
 * {@code an E.164 number such as +14155550100} gives {@code '555-1234' is not an E.164 number such as +14155550100}.
 */
public final class ConfigSchema {

    /** What is wrong at one attribute path (empty for the whole document); several reasons are joined with "; ". */
    public record Violation(String path, String reason) {
    }

    /** A document read leniently: typed as the schema says where that is unambiguous, and what is still wrong. */
    public record Checked(JsonNode document, List<Violation> violations) {
    }

    private static final String USE_CASE_RESOURCE = "use-case.schema.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Built once per container, during init, which SnapStart captures. */
    private static final ConfigSchema USE_CASE = fromResource(USE_CASE_RESOURCE);

    private final JsonNode document;
    private final JsonSchema schema;

    private ConfigSchema(JsonNode document) {
        this.document = document;
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(document);
    }

    /** The use-case schema. */
    public static ConfigSchema useCase() {
        return USE_CASE;
    }

    /** Another schema file, such as {@code configs/schema/callers.schema.json}. */
    public static ConfigSchema load(Path file) throws IOException {
        return new ConfigSchema(Json.MAPPER.readTree(Files.readString(file)));
    }

    /** A copy of the schema document itself, for tools that describe it (the use-case reference). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** Everything {@code value} does wrong, one entry per path, sorted by path. */
    public List<Violation> validate(JsonNode value) {
        return violations(schema.validate(value));
    }

    /**
     * Checks a copy of {@code value} the way a console edit deserves: a string holding a number or {@code true} /
     * {@code false} where the schema wants a number or a boolean is read as one, and a number or boolean where it
     * wants a string is read as its text. What is still wrong after that is in the answer.
     */
    public Checked lenient(JsonNode value) {
        JsonNode copy = value.deepCopy();
        for (int pass = 0; pass < 3; pass++) {
            Set<ValidationMessage> messages = schema.validate(copy);
            boolean changed = false;
            for (ValidationMessage m : messages) {
                if ("type".equals(m.getType()) && m.getInstanceLocation().getNameCount() > 0) {
                    JsonNode typed = retyped(m.getInstanceNode(), owner(m).get("type"));
                    if (typed != null) {
                        replace(copy, m.getInstanceLocation(), typed);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return new Checked(copy, violations(messages));
            }
        }
        return new Checked(copy, validate(copy));
    }

    private List<Violation> violations(Set<ValidationMessage> messages) {
        Map<String, Set<String>> byPath = new TreeMap<>();
        messages.stream()
                .map(m -> SchemaReasons.violation(m, owner(m)))
                .sorted((a, b) -> a.reason().compareTo(b.reason()))
                .forEach(v -> byPath.computeIfAbsent(v.path(), p -> new LinkedHashSet<>()).add(v.reason()));
        return byPath.entrySet().stream().map(e -> new Violation(e.getKey(), String.join("; ", e.getValue()))).toList();
    }

    /** The schema object that holds the keyword a message is about (its siblings give titles and ranges). */
    private JsonNode owner(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        JsonNode node = document;
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        return node == null ? NODES.objectNode() : node;
    }

    /** {@code value} as one of {@code types} when that is unambiguous; null when it is not. */
    private static JsonNode retyped(JsonNode value, JsonNode types) {
        Set<String> wanted = new HashSet<>();
        if (types != null && types.isArray()) {
            types.forEach(t -> wanted.add(t.asText()));
        } else if (types != null) {
            wanted.add(types.asText());
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if ((wanted.contains("integer") || wanted.contains("number")) && text.matches("-?[0-9]+(\\.[0-9]+)?")) {
                BigDecimal number = new BigDecimal(text);
                if (wanted.contains("integer") && number.stripTrailingZeros().scale() <= 0
                        && number.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return NODES.numberNode(number.intValue());
                }
                return wanted.contains("number") ? NODES.numberNode(number.doubleValue()) : null;
            }
            if (wanted.contains("boolean") && (text.equals("true") || text.equals("false"))) {
                return NODES.booleanNode(Boolean.parseBoolean(text));
            }
            return null;
        }
        if ((value.isBoolean() || value.isNumber()) && wanted.contains("string")) {
            return NODES.textNode(text(value));
        }
        return null;
    }

    private static void replace(JsonNode root, JsonNodePath location, JsonNode value) {
        JsonNode parent = root;
        int last = location.getNameCount() - 1;
        for (int i = 0; i < last; i++) {
            Object element = location.getElement(i);
            parent = element instanceof Integer index ? parent.get(index) : parent.get(String.valueOf(element));
        }
        Object element = location.getElement(last);
        if (element instanceof Integer index && parent instanceof ArrayNode array) {
            array.set(index, value);
        } else if (parent instanceof ObjectNode object) {
            object.set(String.valueOf(element), value);
        }
    }

    /** The text of a string, boolean or number ({@code 0.70} reads {@code 0.7}); a map or list as JSON. */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** {@code relay.dtmfDetection}, {@code tools[1].name}: how problems name an attribute. */
    static String path(JsonNodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(element);
            }
        }
        return path.toString();
    }

    private static ConfigSchema fromResource(String name) {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path (the layer's build copies it"
                        + " from configs/schema)");
            }
            return new ConfigSchema(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
