package dev.switchboard.bench;

import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.caller.SimulatedCaller;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** One simulated call the benchmark drives: a {@link SimulatedCaller} plus the waits a benchmark needs. */
final class BenchCall implements AutoCloseable {

    /** The call could not go on (a timeout, a refused webhook or upgrade, a closed socket). */
    static final class CallFailed extends Exception {
        CallFailed(String message) {
            super(message);
        }
    }

    private static final Duration POLL = Duration.ofMillis(2);

    private final BenchStack bench;
    private final SimulatedCaller caller;
    private String connectionId = "";

    BenchCall(BenchStack bench, String to, String from) {
        this.bench = bench;
        this.caller = new SimulatedCaller(SimulatedCaller.Settings.of(bench.stack().voiceWebhookUrl(),
                bench.stack().authToken(), from, to));
    }

    String callSid() {
        return caller.callSid();
    }

    String connectionId() {
        return connectionId;
    }

    /** Dials, connects, sends {@code setup}, and waits until its invocation has returned. */
    void open(Duration timeout) throws CallFailed, InterruptedException {
        try {
            caller.dial();
            caller.connect();
        } catch (SimulatedCaller.CallException e) {
            throw new CallFailed("the call did not connect: " + e.getMessage());
        }
        await(() -> bench.recorder().setupHandled(callSid()).isPresent(), timeout, "setup was not handled within ");
        connectionId = bench.recorder().setupHandled(callSid()).orElseThrow();
    }

    /**
     * Sends a prompt, after dropping what is left of earlier replies: a reply whose first token is slow on a busy
     * machine is preceded by a filler (its own {@code last:true}), which must not be taken for the next reply's end.
     */
    void say(String text) throws InterruptedException {
        while (caller.next(Duration.ZERO).isPresent()) {
            // an earlier turn's frame
        }
        caller.say(text);
    }

    void interrupt(String heard, long durationMillis) {
        caller.interrupt(heard, durationMillis);
    }

    String awaitReplyEnd(Duration timeout) throws CallFailed, InterruptedException {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        RelayEvent.Text t;
        do {
            t = nextText(deadline, "the end of the reply");
            text.append(t.token());
        } while (!t.last());
        return text.toString();
    }

    RelayEvent.Text awaitFirstText(Duration timeout) throws CallFailed, InterruptedException {
        return nextText(System.nanoTime() + timeout.toNanos(), "the first words of the reply");
    }

    /** Everything that arrives within {@code window}, appended to {@code text} (text tokens only). */
    void collect(Duration window, StringBuilder text) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RelayEvent> event = caller.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.isPresent() && event.get() instanceof RelayEvent.Text t) {
                text.append(t.token());
            }
        }
    }

    /** Waits until the stack has nothing running for this call (background writes included). */
    void awaitIdle(Duration timeout) throws CallFailed, InterruptedException {
        await(() -> !bench.stack().monitor().busy(callSid()), timeout, "the call was still busy after ");
    }

    private static void await(BooleanSupplier done, Duration timeout, String failure)
            throws CallFailed, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CallFailed(failure + timeout);
            }
            Thread.sleep(POLL);
        }
    }

    void hangup() {
        try {
            caller.hangup();
        } catch (SimulatedCaller.CallException e) {
            // the action URL's answer does not matter to the benchmark
        }
    }

    @Override
    public void close() {
        caller.close();
    }

    /** The next {@code text} frame; other frames are skipped, a closed socket or the deadline fails the call. */
    private RelayEvent.Text nextText(long deadline, String what) throws CallFailed, InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<RelayEvent> event = left > 0 ? caller.next(Duration.ofNanos(left)) : Optional.empty();
            if (event.isEmpty()) {
                throw new CallFailed("timed out waiting for " + what);
            }
            if (event.get() instanceof RelayEvent.Text t) {
                return t;
            }
            if (event.get() instanceof RelayEvent.Closed closed) {
                throw new CallFailed("the socket closed (" + closed.code() + ") before " + what);
            }
        }
    }
}
