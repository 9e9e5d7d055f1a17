package dev.switchboard.shared.tools;

/**
 * One tool's behaviour. It receives arguments that already passed the tool's JSON Schema and answers with a
 * {@link ToolResult}: {@code ok} when it did what was asked, {@code failed} with a reason the model can act on
 * (an unknown menu item, the store is closed, SMS is not set up). It throws only for failures that are not an
 * answer: {@link ToolUnavailableException} when a dependency may recover (the state machine retries), anything
 * else for a bug ({@link ToolHandler} reports it as {@link ToolFailedException}).
 */
@FunctionalInterface
public interface Tool {

    ToolResult run(ToolInvocation invocation);
}
