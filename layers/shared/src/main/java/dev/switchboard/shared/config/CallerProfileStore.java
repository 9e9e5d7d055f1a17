package dev.switchboard.shared.config;

import java.util.Optional;

/** Caller profiles by number. The adapter is {@link DynamoCallerProfileStore}. */
public interface CallerProfileStore {

    Optional<CallerProfile> find(String number);
}
