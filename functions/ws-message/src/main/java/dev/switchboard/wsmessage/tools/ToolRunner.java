package dev.switchboard.wsmessage.tools;

/**
 * Runs the use case's configured tools asynchronously (a Step Functions execution in production). Results come
 * back through the tool continuation, which writes them to history and asks the model again.
 */
public interface ToolRunner {

    /**
     * Starts the batch and returns without waiting for it. Starting the same batch twice (same connection, turn
     * and step) must not run the tools twice.
     *
     * @throws RuntimeException when the batch could not be started
     */
    void start(ToolBatch batch);
}
