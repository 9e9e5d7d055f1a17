package dev.switchboard.shared.tools;

/**
 * A dependency of a tool failed in a way that may pass (DynamoDB throttling or a 5xx, a network error). Thrown
 * out of the tool function: the state machine retries the call once (tools are idempotent per tool-call id), then
 * its Catch turns it into a failed result. The class name is part of the contract with
 * {@code statemachine/tools.asl.json}: do not rename or move it.
 */
public final class ToolUnavailableException extends RuntimeException {

    public ToolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ToolUnavailableException(String message) {
        super(message);
    }
}
