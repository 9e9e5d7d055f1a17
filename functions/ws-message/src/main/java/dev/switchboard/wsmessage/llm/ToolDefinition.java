package dev.switchboard.wsmessage.llm;

import java.util.Map;

/** A function the model may call; {@code parameters} is its JSON Schema. */
public record ToolDefinition(String name, String description, Map<String, Object> parameters) {
    public ToolDefinition {
        parameters = Map.copyOf(parameters);
    }
}
