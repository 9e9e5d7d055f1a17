package dev.switchboard.wsmessage.llm;

import java.util.Optional;

/** One streamed reply. Read it from one thread; {@link #close} may be called from any thread to cancel it. */
public interface LlmStream extends AutoCloseable {

    /**
     * Blocks for the next delta.
     *
     * @return the delta, or empty when the reply is complete (or the stream was closed)
     * @throws LlmException when the stream fails: timeout, dropped connection, error status
     */
    Optional<LlmDelta> next();

    /** Cancels the request and releases the connection; a blocked {@link #next} returns promptly. Idempotent. */
    @Override
    void close();
}
