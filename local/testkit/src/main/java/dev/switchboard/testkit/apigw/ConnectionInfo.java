package dev.switchboard.testkit.apigw;

import java.time.Instant;

/** The fields of a {@code GetConnection} answer. */
public record ConnectionInfo(Instant connectedAt, Instant lastActiveAt, String sourceIp, String userAgent) {
}
