package dev.switchboard.testkit.openai;

/**
 * One function call: in a {@link Reply} the fake streams it to the client, in a {@link ChatRequest} it is what the
 * client sent back in an assistant message.
 *
 * @param id        the call id the client must echo in the {@code tool} message ({@code tool_call_id})
 * @param name      the function name
 * @param arguments the arguments as a JSON text, exactly as the model would produce them
 */
public record ToolCall(String id, String name, String arguments) {

    public static ToolCall of(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }
}
