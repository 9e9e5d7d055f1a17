package dev.switchboard.tools.restaurant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Six-digit order numbers (100000-999999): easy to say and to type into a phone. Derived from the call and the
 * model's tool-call id, so a retried call asks for the same number and finds its own order; {@code attempt} moves
 * to another number when an older order holds this one.
 */
final class OrderNumbers {

    static final int MAX_ATTEMPTS = 8;

    private OrderNumbers() {
    }

    static String number(String callSid, String toolCallId, int attempt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((callSid + "|" + toolCallId + "|" + attempt).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return String.valueOf(100_000 + Math.floorMod(value, 900_000L));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
