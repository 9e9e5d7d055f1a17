package dev.switchboard.tools.restaurant;

/**
 * A text message that was not sent.
 *
 * @see Kind
 */
final class SmsException extends RuntimeException {

    enum Kind {
        /** account SID, from number or auth token missing */
        NOT_CONFIGURED,
        /** Twilio refused this message (4xx other than auth): a bad number, an unverified destination, ... */
        REJECTED,
        /** Twilio refused our credentials (401/403): a deployment problem */
        UNAUTHORIZED,
        /** Twilio or the network failed (5xx, 429, timeout) */
        UNAVAILABLE
    }

    private final Kind kind;
    private final int httpStatus;
    private final int twilioCode;

    SmsException(Kind kind, int httpStatus, int twilioCode, String message) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.twilioCode = twilioCode;
    }

    SmsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = 0;
        this.twilioCode = 0;
    }

    Kind kind() {
        return kind;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** Twilio's error code (21211 for an invalid 'To' number, ...), 0 when none. */
    int twilioCode() {
        return twilioCode;
    }
}
