package dev.switchboard.local.stack;

/**
 * One tool call the local state machine ran, as the continuation receives its result.
 *
 * @param callSid   the call it belongs to
 * @param execution the state machine execution name
 * @param name      the tool's name
 * @param arguments the model's arguments (JSON text)
 * @param ok        the result's {@code ok}
 * @param error     the result's {@code error} ({@code ""} when ok)
 * @param content   the result's {@code content}
 * @param attempts  how many times the tool function was invoked (retries included; 0 when it had no function)
 */
public record ToolCallRecord(String callSid, String execution, String name, String arguments, boolean ok,
                             String error, String content, int attempts) {

    /** {@code name {arguments} -> ok content}, or {@code -> failed (error) content}: how the terminal shows it. */
    public String describe() {
        return name + " " + arguments + " -> " + (ok ? "ok " : "failed (" + error + ") ") + content;
    }
}
