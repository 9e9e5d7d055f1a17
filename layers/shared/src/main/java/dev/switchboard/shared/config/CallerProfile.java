package dev.switchboard.shared.config;

/**
 * What we know about a caller, keyed by their E.164 number ({@code CALLER#{number}} / {@code PROFILE}). Absent
 * fields are empty strings.
 *
 * @param language preferred BCP-47 language, e.g. {@code es-ES}; empty for no preference
 */
public record CallerProfile(String number, String name, String email, String notes, String language) {
}
