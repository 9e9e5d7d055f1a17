package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action once, after a delay, on its own virtual thread (with the caller's log context), unless cancelled
 * before it starts. A reply uses alarms for the first-token filler and the turn budget while its own thread is
 * blocked reading the model.
 */
final class Alarm {

    /** An alarm that never rings. */
    static final Alarm NONE = new Alarm();

    private static final int WAITING = 0;
    private static final int RINGING = 1;
    private static final int CANCELLED = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Thread thread;

    private Alarm() {
        state.set(CANCELLED);
        thread = null;
    }

    private Alarm(Duration delay, Runnable action) {
        Map<String, Object> logContext = Log.context();
        thread = Thread.ofVirtual().name("alarm").start(() -> {
            logContext.forEach(Log::put);
            try {
                if (delay.isPositive()) {
                    Thread.sleep(delay);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (state.compareAndSet(WAITING, RINGING)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    Log.error("alarm.failed", e);
                }
            }
        });
    }

    static Alarm after(Duration delay, Runnable action) {
        return new Alarm(delay, action);
    }

    /** Stops the alarm if it has not rung yet; an action already running finishes. */
    void cancel() {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            thread.interrupt();
        }
    }
}
