package dev.switchboard.local.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A JSON Schema (draft 2020-12) from {@code configs/schema/}, checked with networknt json-schema-validator. */
final class ConfigSchema {

    /** One schema violation: where ({@code relay.dtmfDetection}, {@code tools[1].function}) and what. */
    record Violation(String path, String message) {
    }

    private static final String E164 = "^\\+[1-9][0-9]{6,14}$";

    private final JsonSchema schema;

    private ConfigSchema(JsonSchema schema) {
        this.schema = schema;
    }

    static ConfigSchema load(Path file) throws IOException {
        JsonNode node = Json.MAPPER.readTree(Files.readString(file));
        return new ConfigSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node));
    }

    List<Violation> validate(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        Map<String, Set<String>> byPath = new TreeMap<>();
        messages.stream()
                .map(ConfigSchema::violation)
                .sorted(Comparator.comparing(Violation::message))
                .forEach(v -> byPath.computeIfAbsent(v.path(), p -> new LinkedHashSet<>()).add(v.message()));
        return byPath.entrySet().stream()
                .map(e -> new Violation(e.getKey(), String.join("; ", e.getValue())))
                .toList();
    }

    private static Violation violation(ValidationMessage m) {
        String path = path(m.getInstanceLocation());
        String message = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        JsonNode value = m.getInstanceNode();
        if ("pattern".equals(m.getType()) && value != null && value.isTextual()) {
            message = E164.equals(String.valueOf(m.getArguments()[0]))
                    ? "'" + value.textValue() + "' is not an E.164 number such as +14155550100"
                    : "'" + value.textValue() + "' does not match the pattern " + m.getArguments()[0];
        }
        if ("enum".equals(m.getType()) && value != null && value.isValueNode()) {
            message = value + " is not one of " + m.getArguments()[0];
        }
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            return new Violation(join(path, m.getProperty()), "required but missing");
        }
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return new Violation(join(path, m.getProperty()), "unknown attribute (not allowed here)");
        }
        return new Violation(path, message);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** {@code relay.dtmfDetection}, {@code tools[1].name}: the same spelling {@code UseCaseReader} uses. */
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
}
