package dev.switchboard.local.stack;

/**
 * Hooks into what passes through the local stack, for the terminal (tool calls as they happen) and for benchmarks
 * (frame timings). Called on the stack's threads: keep them quick and thread-safe. Every method defaults to nothing.
 */
public interface StackListener {

    /** A frame arrived from a client on the WebSocket, before its {@code $default} invocation starts. */
    default void frameReceived(String connectionId, String frame) {
    }

    /** A frame posted to {@code @connections} was written to the client's socket. */
    default void frameSent(String connectionId, String frame) {
    }

    /** One tool call of a state machine execution finished (after retries), with the result the continuation gets. */
    default void toolCallFinished(ToolCallRecord call) {
    }

    /** A handler threw or answered non-2xx; {@code what} names the route or state. */
    default void functionFailed(String functionId, String what, Throwable error) {
    }
}
