package dev.switchboard.testkit.apigw;

import java.time.Instant;
import java.util.Objects;

/** The fields of a {@code GetConnection} answer. */
public record ConnectionInfo(Instant connectedAt, Instant lastActiveAt, String sourceIp, String userAgent) {

    public ConnectionInfo {
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(userAgent, "userAgent");
    }
}
