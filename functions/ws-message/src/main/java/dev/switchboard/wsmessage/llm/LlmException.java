package dev.switchboard.wsmessage.llm;

/** The model could not answer. {@link Kind} says why, for logs, metrics and the decision to retry. */
public class LlmException extends RuntimeException {

    public enum Kind {
        /** No answer (or no next token) in time. */
        TIMEOUT,
        /** HTTP 429. */
        RATE_LIMITED,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** The connection failed or dropped mid-stream. */
        CONNECTION,
        /** Any other 4xx: a bad request, key or model. */
        REJECTED
    }

    private final Kind kind;

    public LlmException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
