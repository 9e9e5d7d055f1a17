package dev.switchboard.wsmessage.speech;

import dev.switchboard.shared.relay.ConnectionGoneException;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayChannel;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Posts one connection's frames in order from one background thread, so the LLM read loop only enqueues and
 * never waits for an HTTPS round trip. Before each post it asks the {@link Gate} whether the turn is still current;
 * once the gate closes or the socket is gone (410) it stops: queued and later frames are dropped and the
 * {@code onStop} callback runs once (the engine closes the LLM stream there).
 *
 * <p>The first frame is the exception: it is posted while the gate is asked, so a reply's first words are not held
 * for a database read (the benchmark's "first word to first post"). A reply cannot be superseded before its first
 * words by an interrupt (the caller has heard nothing of it to interrupt), only by a newer prompt that arrived
 * while the model was still thinking; then that one frame goes out and the sender stops before the second.
 */
public final class RelaySender implements AutoCloseable {

    /** Why a sender stopped posting. */
    public enum Stop { NONE, STALE, GONE, CLOSED }

    /** Asked before each post; {@code false} means a newer turn (an interrupt or prompt) has superseded this one. */
    @FunctionalInterface
    public interface Gate {
        Gate ALWAYS_OPEN = () -> true;

        boolean open();
    }

    private static final Object POISON = new Object();

    private final RelayChannel channel;
    private final String connectionId;
    private final Gate gate;
    private final Runnable onStop;
    private final LongSupplier nanoTime;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Stop> stop = new AtomicReference<>(Stop.NONE);
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong firstPostAt = new AtomicLong();
    private final Thread worker;
    /** Whether a post was attempted yet; touched only by the worker thread. */
    private boolean attempted;

    public RelaySender(RelayChannel channel, String connectionId, Gate gate, Runnable onStop) {
        this(channel, connectionId, gate, onStop, System::nanoTime);
    }

    RelaySender(RelayChannel channel, String connectionId, Gate gate, Runnable onStop, LongSupplier nanoTime) {
        this.channel = channel;
        this.connectionId = connectionId;
        this.gate = gate;
        this.onStop = onStop;
        this.nanoTime = nanoTime;
        Map<String, Object> logContext = Log.context();
        this.worker = Thread.ofVirtual().name("relay-sender-" + connectionId).start(() -> {
            logContext.forEach(Log::put);
            run();
        });
    }

    /** Queues a frame; returns at once. Dropped silently once the sender has stopped. */
    public void send(OutboundMessage message) {
        if (stop.get() != Stop.NONE) {
            return;
        }
        queue.add(message);
    }

    /**
     * Waits until every frame queued so far has been posted (or dropped because the sender stopped).
     *
     * @return false when the wait timed out
     */
    public boolean awaitDelivered(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Drain(done));
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Stop stopReason() {
        return stop.get();
    }

    public boolean stopped() {
        return stop.get() != Stop.NONE;
    }

    public boolean gone() {
        return stop.get() == Stop.GONE;
    }

    /** Frames actually posted. */
    public int posted() {
        return posted.get();
    }

    /** Frames whose post failed for a reason other than 410 (they are logged and skipped). */
    public int failed() {
        return failed.get();
    }

    /** {@link System#nanoTime} of the first successful post, 0 when nothing was posted. */
    public long firstPostNanos() {
        return firstPostAt.get();
    }

    /** Stops the worker after what is queued; does not wait. Call {@link #awaitDelivered} first to wait. */
    @Override
    public void close() {
        queue.add(POISON);
    }

    private void run() {
        try {
            while (true) {
                Object item = queue.take();
                if (item == POISON) {
                    stop.compareAndSet(Stop.NONE, Stop.CLOSED);
                    drainRemaining();
                    return;
                }
                if (item instanceof Drain drain) {
                    drain.latch.countDown();
                    continue;
                }
                if (stop.get() != Stop.NONE) {
                    continue;
                }
                post((OutboundMessage) item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drainRemaining();
        }
    }

    private void post(OutboundMessage message) {
        boolean first = !attempted;
        attempted = true;
        CompletableFuture<Boolean> firstCheck = null;
        if (first) {
            firstCheck = new CompletableFuture<>();
            CompletableFuture<Boolean> result = firstCheck;
            Thread.ofVirtual().start(() -> result.complete(gateOpen()));
        } else if (!gateOpen()) {
            halt(Stop.STALE);
            return;
        }
        try {
            channel.post(connectionId, RelayProtocol.write(message));
            firstPostAt.compareAndSet(0, nanoTime.getAsLong());
            posted.incrementAndGet();
        } catch (ConnectionGoneException e) {
            Log.info("relay.gone");
            halt(Stop.GONE);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            Log.error("relay.post_failed", e, "frameType", typeOf(message));
        }
        if (firstCheck != null && !firstCheck.join()) {
            halt(Stop.STALE);
        }
    }

    private boolean gateOpen() {
        try {
            return gate.open();
        } catch (RuntimeException e) {
            // a failing check must not silence the agent: keep speaking
            Log.error("relay.gate_failed", e);
            return true;
        }
    }

    private void halt(Stop reason) {
        if (stop.compareAndSet(Stop.NONE, reason)) {
            try {
                onStop.run();
            } catch (RuntimeException e) {
                Log.error("relay.on_stop_failed", e);
            }
        }
    }

    private void drainRemaining() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Drain drain) {
                drain.latch.countDown();
            }
        }
    }

    private static String typeOf(OutboundMessage message) {
        return switch (message) {
            case OutboundMessage.Text t -> "text";
            case OutboundMessage.Play p -> "play";
            case OutboundMessage.SendDigits s -> "sendDigits";
            case OutboundMessage.Language l -> "language";
            case OutboundMessage.End e -> "end";
        };
    }

    private record Drain(CountDownLatch latch) {
    }
}
