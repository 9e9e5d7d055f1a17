package dev.switchboard.shared.llm;

/**
 * A function call the model made.
 *
 * @param id            the model's call id, echoed in the tool result
 * @param name          the function name
 * @param argumentsJson the arguments as the model wrote them (JSON text, possibly invalid)
 */
public record ToolCall(String id, String name, String argumentsJson) {
}
