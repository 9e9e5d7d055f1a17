package dev.switchboard.testkit.apigw;

import java.util.Optional;

/**
 * Where {@link FakeManagementApi} delivers what callers send to {@code @connections}: frames, closes and look-ups
 * for one connection id. {@link RecordingConnections} records them for tests; the local stack plugs in its real
 * WebSocket sessions.
 */
public interface Connections {

    /** Delivers one frame; {@code false} when the connection is unknown or closed (the caller gets a 410). */
    boolean send(String connectionId, byte[] frame);

    /** Closes the connection from the server side; {@code false} when it is unknown or already closed. */
    boolean close(String connectionId);

    /** What {@code GetConnection} returns; empty when the connection is unknown or closed. */
    Optional<ConnectionInfo> info(String connectionId);
}
