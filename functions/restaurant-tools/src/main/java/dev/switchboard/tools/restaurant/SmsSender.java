package dev.switchboard.tools.restaurant;

/** Sends a text message. Adapters: {@link TwilioSmsSender}, and {@link #notConfigured} when SMS is not set up. */
public interface SmsSender {

    /**
     * Sends {@code body} to {@code to} (E.164).
     *
     * @throws SmsException when it was not sent: {@link SmsException.Kind} says why
     */
    SmsReceipt send(String to, String body);

    /** A sender that refuses every message, naming what configuration is missing. */
    static SmsSender notConfigured(String missing) {
        return (to, body) -> {
            throw new SmsException(SmsException.Kind.NOT_CONFIGURED, 0, 0, "SMS is not configured: " + missing);
        };
    }

    /** Twilio's answer: the message id and its status ({@code queued}, ...). */
    record SmsReceipt(String sid, String status) {
    }
}
