package dev.switchboard.shared.aws;

import dev.switchboard.shared.Env;

/**
 * A secret value such as the Twilio auth token. Read once per container through this port so that where it comes
 * from (an environment variable locally, Secrets Manager when deployed) is the adapter's business.
 */
@FunctionalInterface
public interface Secret {

    String value();

    /**
     * Reads the secret again where it comes from, after the service it is for rejected it (a rotated API key or
     * auth token); {@link #value} returns the new value afterwards.
     *
     * @return whether the value changed, so that a retry can succeed; always false for a fixed value
     */
    default boolean refresh() {
        return false;
    }

    /** The secret held in environment variable {@code name}; fails at init when it is unset. */
    static Secret fromEnv(Env env, String name) {
        String value = env.require(name);
        return () -> value;
    }

    static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret value is empty");
        }
        return () -> value;
    }
}
