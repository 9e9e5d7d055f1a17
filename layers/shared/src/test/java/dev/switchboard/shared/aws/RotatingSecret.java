package dev.switchboard.shared.aws;

/**
 * A secret rotated behind the function's back: {@link #rotateTo} changes the stored value, which the function
 * sees only after {@link #refresh}, as with Secrets Manager. {@link #unreadable} makes reading it fail. Counts the
 * successful {@link #reads} and the {@link #refreshes}; safe to use from the threads a client reads the secret on.
 *
 * <p>Shared with the functions' tests through this module's test-jar.
 */
public final class RotatingSecret implements Secret {

    private volatile String seen;
    private volatile String stored;
    private volatile boolean unreadable;
    public volatile int refreshes;
    public volatile int reads;

    public RotatingSecret(String value) {
        this.seen = value;
        this.stored = value;
    }

    public void rotateTo(String value) {
        stored = value;
    }

    public void unreadable() {
        unreadable = true;
    }

    @Override
    public String value() {
        if (unreadable) {
            throw new IllegalStateException("Cannot read secret arn:aws:secretsmanager:test from Secrets Manager");
        }
        reads++;
        return seen;
    }

    @Override
    public synchronized boolean refresh() {
        refreshes++;
        boolean changed = !stored.equals(seen);
        seen = stored;
        return changed;
    }
}
