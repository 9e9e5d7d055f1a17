package dev.switchboard.shared.tools;

public record ToolCallRequest(String toolCallId, String name, String argumentsJson) {}
