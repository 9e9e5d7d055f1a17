package dev.switchboard.shared.relay;

/** The WebSocket is closed (API Gateway answered 410 Gone): the caller is no longer there. */
public class ConnectionGoneException extends RuntimeException {

    public ConnectionGoneException(String connectionId, Throwable cause) {
        super("connection " + connectionId + " is gone", cause);
    }
}
