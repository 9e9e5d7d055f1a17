package dev.switchboard.shared.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.json.Json;

/**
 * One validated tool call, as a {@link Tool} sees it.
 *
 * @param request   the payload from the state machine
 * @param useCase   the use case the tool belongs to (time zone, {@code data})
 * @param arguments the parsed arguments, valid against the tool's JSON Schema
 */
public record ToolInvocation(ToolRequest request, UseCase useCase, ObjectNode arguments) {

    /** A success whose content is {@code content} written as JSON. */
    public ToolResult ok(JsonNode content) {
        return ToolResult.ok(request, Json.write(content));
    }

    public ToolResult failed(String error, String content) {
        return ToolResult.failed(request, error, content);
    }

    /** The caller's number from the call facts ({@code from}), empty when unknown. */
    public String callerNumber() {
        return request.fact("from");
    }
}
