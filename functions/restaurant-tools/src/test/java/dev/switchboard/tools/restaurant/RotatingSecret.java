package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.aws.Secret;

/**
 * A secret rotated behind the function's back: {@link #rotateTo} changes the stored value, which the function
 * sees only after {@link #refresh}, as with Secrets Manager. {@link #unreadable} makes reading it fail.
 */
final class RotatingSecret implements Secret {

    private String seen;
    private String stored;
    private boolean unreadable;
    int refreshes;

    RotatingSecret(String value) {
        this.seen = value;
        this.stored = value;
    }

    void rotateTo(String value) {
        stored = value;
    }

    void unreadable() {
        unreadable = true;
    }

    @Override
    public String value() {
        if (unreadable) {
            throw new IllegalStateException("Cannot read secret arn:aws:secretsmanager:test from Secrets Manager");
        }
        return seen;
    }

    @Override
    public boolean refresh() {
        refreshes++;
        boolean changed = !stored.equals(seen);
        seen = stored;
        return changed;
    }
}
