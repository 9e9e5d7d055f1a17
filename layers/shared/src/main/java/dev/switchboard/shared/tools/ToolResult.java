package dev.switchboard.shared.tools;

/**
 * What a tool function returns, and what the state machine hands to the continuation (one per tool call, in the
 * order the model asked). {@code content} is what the model reads as the tool message: for a success usually a
 * small JSON object, for a failure a sentence that says what went wrong and what to do about it.
 *
 * @param toolCallId the model's id for the call
 * @param name       the tool's name
 * @param ok         whether the tool did what was asked
 * @param content    the tool message for the model; never null
 * @param error      a short machine-readable reason when {@code ok} is false ({@code invalid_arguments},
 *                   {@code unknown_item}, {@code sms_not_configured}, or the class name of an exception the state
 *                   machine caught); null when {@code ok}
 */
public record ToolResult(String toolCallId, String name, boolean ok, String content, String error) {

    public static ToolResult ok(String toolCallId, String name, String content) {
        return new ToolResult(toolCallId, name, true, content, null);
    }

    public static ToolResult ok(ToolRequest request, String content) {
        return ok(request.toolCallId(), request.name(), content);
    }

    public static ToolResult failed(String toolCallId, String name, String error, String content) {
        return new ToolResult(toolCallId, name, false, content, error);
    }

    public static ToolResult failed(ToolRequest request, String error, String content) {
        return failed(request.toolCallId(), request.name(), error, content);
    }
}
