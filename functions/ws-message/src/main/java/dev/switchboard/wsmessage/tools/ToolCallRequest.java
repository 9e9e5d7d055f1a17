package dev.switchboard.wsmessage.tools;

/** One call of a configured tool, as the model (or a keypad handler) asked for it. */
public record ToolCallRequest(String toolCallId, String name, String argumentsJson) {
}
