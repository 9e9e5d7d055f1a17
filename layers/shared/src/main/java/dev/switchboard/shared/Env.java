package dev.switchboard.shared;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment, read in one place. Handlers build their settings record from an {@code Env} once per
 * container; tests pass {@link #of(Map)} instead of touching the real environment.
 */
public final class Env {

    private final Map<String, String> values;

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public static Env of(Map<String, String> values) {
        return new Env(values);
    }

    /** The variable's value, absent when unset or blank. */
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public int getInt(String name, int fallback) {
        return get(name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Environment variable " + name + " must be a whole number, got '" + value + "'");
            }
        }).orElse(fallback);
    }

    /** The variable's value, or an exception naming the missing variable (a deployment mistake, seen at init). */
    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("Environment variable " + name + " is not set"));
    }
}
