package dev.switchboard.shared.conversation;

/**
 * A multi-digit keypad entry in progress (account numbers and the like), kept on the connection state because every
 * key press is its own Lambda invocation.
 *
 * @param key     the handler's key that started it; empty when nothing is being collected
 * @param digits  the digits so far, in the order they were pressed
 * @param presses how many digits were added: the version the timeout's conditional finish checks
 */
public record DigitEntry(String key, String digits, int presses) {

    public static final DigitEntry NONE = new DigitEntry("", "", 0);

    public boolean collecting() {
        return !key.isEmpty();
    }
}
