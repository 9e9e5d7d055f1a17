package dev.switchboard.wsmessage.reply;

import dev.switchboard.wsmessage.llm.LlmStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model stream a reply is reading, if any. Other threads close it: the sender when the caller interrupts or
 * hangs up, the budget's alarm when the turn runs out of time.
 */
final class OpenStream {

    private final AtomicReference<LlmStream> current = new AtomicReference<>();

    void open(LlmStream stream) {
        current.set(stream);
    }

    /** Takes {@code stream} back from the others; false when one of them took it first. */
    boolean release(LlmStream stream) {
        return current.compareAndSet(stream, null);
    }

    /** Closes the stream being read (the reader sees its end); it stays registered. */
    void close() {
        LlmStream stream = current.get();
        if (stream != null) {
            stream.close();
        }
    }

    /** Takes the stream being read, runs {@code beforeClose}, then closes it; nothing when none was being read. */
    void takeAndClose(Runnable beforeClose) {
        LlmStream stream = current.getAndSet(null);
        if (stream != null) {
            beforeClose.run();
            stream.close();
        }
    }
}
