package dev.switchboard.shared.tools;

/**
 * A tool failed in a way a retry will not fix: a malformed payload from the state machine, or a bug. Thrown out
 * of the tool function under this one stable class name (never a raw {@code NullPointerException}), so the state
 * machine's Catch turns it into a failed result without retrying. The message never carries caller data.
 */
public final class ToolFailedException extends RuntimeException {

    public ToolFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public ToolFailedException(String message) {
        super(message);
    }
}
