package dev.switchboard.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a networknt validation message into the path and reason a person reads, in the words of the DynamoDB
 * console ({@code a map (M)}, {@code a string (S) 'x'}). Where the schema object holding the failed keyword has a
 * {@code title}, the reason is {@code <value> is not <title>}.
 */
final class SchemaReasons {

    private SchemaReasons() {
    }

    static ConfigSchema.Violation violation(ValidationMessage m, JsonNode owner) {
        String path = ConfigSchema.path(m.getInstanceLocation());
        JsonNode value = m.getInstanceNode();
        String title = owner.path("title").asText("");
        String keyword = m.getType();
        switch (keyword) {
            case "required" -> {
                // a conditional requirement (an if/then, which has no properties of its own) says why in its title
                boolean explained = !title.isEmpty() && !owner.has("properties");
                return new ConfigSchema.Violation(join(path, m.getProperty()),
                        "missing" + (explained ? " (" + title + ")" : ""));
            }
            case "additionalProperties" -> {
                return new ConfigSchema.Violation(join(path, m.getProperty()), "unknown attribute");
            }
            case "propertyNames" -> {
                String rule = owner.path("propertyNames").path("title").asText("");
                return new ConfigSchema.Violation(join(path, m.getProperty()), "'" + m.getProperty() + "' is not "
                        + (rule.isEmpty() ? "an accepted name" : rule));
            }
            default -> {
                return new ConfigSchema.Violation(path, reason(m, keyword, value, owner, title));
            }
        }
    }

    private static String reason(ValidationMessage m, String keyword, JsonNode value, JsonNode owner, String title) {
        if ("pattern".equals(keyword) && value != null && value.isTextual() && value.textValue().isBlank()) {
            return "empty";
        }
        if ("type".equals(keyword)) {
            return "expected " + expected(owner.get("type")) + ", found " + describe(value);
        }
        if (!title.isEmpty() && Set.of("pattern", "enum", "const", "not", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum").contains(keyword)) {
            return shown(value) + " is not " + title;
        }
        return switch (keyword) {
            case "pattern" -> shown(value) + " does not match the pattern " + owner.path("pattern").asText();
            case "enum" -> shown(value) + " is not one of " + choices(owner.get("enum"));
            case "const" -> "must be " + shown(owner.get("const")) + ", found " + shown(value);
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> range(owner) + ", found " + shown(value);
            default -> {
                String message = m.getMessage();
                String prefix = m.getInstanceLocation() + ": ";
                yield message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            }
        };
    }

    private static String range(JsonNode owner) {
        String low = owner.has("minimum") ? owner.get("minimum").asText()
                : owner.has("exclusiveMinimum") ? "more than " + owner.get("exclusiveMinimum").asText() : "";
        String high = owner.has("maximum") ? owner.get("maximum").asText()
                : owner.has("exclusiveMaximum") ? "less than " + owner.get("exclusiveMaximum").asText() : "";
        if (!low.isEmpty() && !high.isEmpty()) {
            return "must be between " + low + " and " + high;
        }
        return low.isEmpty() ? "must be at most " + high : "must be at least " + low;
    }

    /** {@code "a whole number"}, {@code "a string or true or false"}. */
    static String expected(JsonNode types) {
        List<String> names = new ArrayList<>();
        if (types != null && types.isArray()) {
            types.forEach(t -> names.add(typeName(t.asText())));
        } else if (types != null) {
            names.add(typeName(types.asText()));
        }
        if (names.isEmpty()) {
            return "something else";
        }
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "string" -> "a string";
            case "boolean" -> "true or false";
            case "object" -> "a map";
            case "array" -> "a list";
            default -> type;
        };
    }

    /** The values of an enum as text, each once: {@code [true, "true"]} reads {@code true}. */
    static String choices(JsonNode values) {
        Set<String> texts = new LinkedHashSet<>();
        if (values != null) {
            values.forEach(v -> texts.add(v.isTextual() && v.textValue().isEmpty() ? "''" : ConfigSchema.text(v)));
        }
        return String.join(", ", texts);
    }

    /** A value as a person typed it: text in quotes, numbers and booleans bare. */
    static String shown(JsonNode value) {
        if (value != null && value.isTextual()) {
            String text = value.textValue();
            return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
        }
        return value != null && (value.isNumber() || value.isBoolean()) ? ConfigSchema.text(value) : describe(value);
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
        return "a string (S) " + shown(node);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
