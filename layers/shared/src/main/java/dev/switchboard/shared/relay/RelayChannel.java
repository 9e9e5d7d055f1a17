package dev.switchboard.shared.relay;

/**
 * Posts one frame to a ConversationRelay socket (the API Gateway {@code @connections} API in production).
 * Implementations are thread-safe; callers post one connection's frames from one thread to keep them in order.
 */
public interface RelayChannel {

    /**
     * @throws ConnectionGoneException when the socket is closed (HTTP 410): the caller hung up
     * @throws RuntimeException        for any other failure to deliver
     */
    void post(String connectionId, String frame);
}
