package dev.switchboard.testkit.twilio;

/** One message the fake accepted: what Twilio would have sent, and the id it answered with. */
public record SentMessage(String sid, String accountSid, String to, String from, String body) {
}
