package dev.switchboard.wsmessage.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's tool functions: environment variable {@code TOOL_FUNCTIONS}, a JSON object from a function key
 * (what a use case's tool names as {@code function}, e.g. {@code PlaceOrder}) to the alias ARN the state machine
 * may invoke. template.yaml builds it; adding a tool function means adding one entry there.
 */
public final class ToolFunctions {

    private final Map<String, String> arns;

    private ToolFunctions(Map<String, String> arns) {
        this.arns = Map.copyOf(arns);
    }

    public static ToolFunctions of(Map<String, String> arns) {
        return new ToolFunctions(arns);
    }

    /** Parses {@code TOOL_FUNCTIONS}; a malformed value is a deployment mistake and fails at init. */
    public static ToolFunctions parse(String json) {
        JsonNode node;
        try {
            node = Json.read(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException("TOOL_FUNCTIONS is not valid JSON", e);
        }
        if (!node.isObject()) {
            throw new IllegalStateException("TOOL_FUNCTIONS must be a JSON object of function key to alias ARN");
        }
        Map<String, String> arns = new LinkedHashMap<>();
        for (var field : node.properties()) {
            if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                throw new IllegalStateException("TOOL_FUNCTIONS." + field.getKey() + " must be a non-empty ARN");
            }
            arns.put(field.getKey(), field.getValue().asText());
        }
        return new ToolFunctions(arns);
    }

    public Optional<String> arnFor(String functionKey) {
        return Optional.ofNullable(functionKey).map(arns::get);
    }

    public Set<String> keys() {
        return arns.keySet();
    }
}
