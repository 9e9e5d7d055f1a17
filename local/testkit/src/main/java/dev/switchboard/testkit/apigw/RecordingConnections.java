package dev.switchboard.testkit.apigw;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * In-memory {@link Connections} for tests: connections are {@linkplain #open opened} by the test, every POST is
 * recorded in arrival order, and a connection can be made to vanish ({@link #closeConnection}, {@link #goneAfter})
 * so the caller sees {@code GoneException}. Thread-safe.
 */
public final class RecordingConnections implements Connections {

    /**
     * One POST that arrived, numbered in arrival order from 0 over all connections; {@code arrivedAt} is for
     * comparing posts (never assert against the wall clock), {@code delivered} false when the caller got 410 Gone.
     */
    public record Post(long sequence, String connectionId, String frame, Instant arrivedAt, boolean delivered) {
    }

    private static final String DEFAULT_SOURCE_IP = "127.0.0.1";
    private static final String DEFAULT_USER_AGENT = "Twilio.TmeWs/1.0";

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Connection> connections = new HashMap<>();
    private final List<Post> posts = new ArrayList<>();
    private Duration latency = Duration.ZERO;

    /** Opens a connection (as {@code $connect} would) from 127.0.0.1 with Twilio's user agent. */
    public RecordingConnections open(String connectionId) {
        return open(connectionId, DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT);
    }

    /** Opens a connection with this identity; opening an id again starts it afresh (no frames, open). */
    public synchronized RecordingConnections open(String connectionId, String sourceIp, String userAgent) {
        Objects.requireNonNull(connectionId, "connectionId");
        connections.put(connectionId, new Connection(clock.instant(), sourceIp, userAgent));
        notifyAll();
        return this;
    }

    /** The client hangs up: later posts, gets and deletes for this id answer 410 Gone. */
    public synchronized RecordingConnections closeConnection(String connectionId) {
        find(connectionId).ifPresent(c -> c.open = false);
        notifyAll();
        return this;
    }

    /** The connection vanishes once {@code posts} frames have been delivered to it (0 = now). */
    public synchronized RecordingConnections goneAfter(String connectionId, int posts) {
        Connection connection = find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("open " + connectionId + " first"));
        connection.goneAfter = posts;
        if (connection.frames.size() >= posts) {
            connection.open = false;
        }
        return this;
    }

    /** Every POST waits this long before it is answered (it is recorded on arrival). */
    public synchronized RecordingConnections latency(Duration perPost) {
        this.latency = Objects.requireNonNull(perPost, "perPost");
        return this;
    }

    public synchronized boolean isOpen(String connectionId) {
        return find(connectionId).map(c -> c.open).orElse(false);
    }

    /** Whether a caller closed this connection with {@code DeleteConnection}. */
    public synchronized boolean deleted(String connectionId) {
        return find(connectionId).map(c -> c.deleted).orElse(false);
    }

    /** The frames delivered to this connection, in arrival order. */
    public synchronized List<String> frames(String connectionId) {
        return find(connectionId).map(c -> List.copyOf(c.frames)).orElse(List.of());
    }

    /** How many POSTs arrived for this connection, delivered or answered 410. */
    public synchronized int postCount(String connectionId) {
        return (int) posts.stream().filter(p -> p.connectionId().equals(connectionId)).count();
    }

    /** Every POST to any connection, in arrival order. */
    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** Waits until the frames delivered to this connection satisfy {@code until}; throws (with them) when not in time. */
    public synchronized List<String> awaitFrames(String connectionId, Predicate<List<String>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> frames = frames(connectionId);
            if (until.test(frames)) {
                return frames;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("frames for " + connectionId + " did not match within " + timeout
                        + "; got " + frames);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for frames", e);
            }
        }
    }

    @Override
    public boolean send(String connectionId, byte[] frame) {
        boolean delivered;
        Duration wait;
        synchronized (this) {
            Instant now = clock.instant();
            Optional<Connection> connection = find(connectionId).filter(c -> c.open);
            String text = new String(frame, StandardCharsets.UTF_8);
            delivered = connection.isPresent();
            posts.add(new Post(posts.size(), connectionId, text, now, delivered));
            connection.ifPresent(c -> {
                c.frames.add(text);
                c.lastActiveAt = now;
                if (c.frames.size() >= c.goneAfter) {
                    c.open = false;
                }
            });
            wait = latency;
            notifyAll();
        }
        sleep(wait);
        return delivered;
    }

    @Override
    public synchronized boolean close(String connectionId) {
        Optional<Connection> connection = find(connectionId).filter(c -> c.open);
        connection.ifPresent(c -> {
            c.open = false;
            c.deleted = true;
        });
        notifyAll();
        return connection.isPresent();
    }

    @Override
    public synchronized Optional<ConnectionInfo> info(String connectionId) {
        return find(connectionId).filter(c -> c.open)
                .map(c -> new ConnectionInfo(c.connectedAt, c.lastActiveAt, c.sourceIp, c.userAgent));
    }

    private Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mutable state of one connection, guarded by the enclosing instance. */
    private static final class Connection {
        final Instant connectedAt;
        final String sourceIp;
        final String userAgent;
        final List<String> frames = new ArrayList<>();
        Instant lastActiveAt;
        boolean open = true;
        boolean deleted;
        int goneAfter = Integer.MAX_VALUE;

        Connection(Instant connectedAt, String sourceIp, String userAgent) {
            this.connectedAt = connectedAt;
            this.lastActiveAt = connectedAt;
            this.sourceIp = sourceIp;
            this.userAgent = userAgent;
        }
    }
}
