package dev.switchboard.wsmessage.reply;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The turn a reply belongs to. A prompt learns its turn from a write that runs in parallel with the model request,
 * so the number may still be on its way; a continuation knows it.
 */
final class TurnNumber {

    private final CompletableFuture<Integer> value;

    private TurnNumber(CompletableFuture<Integer> value) {
        this.value = value;
    }

    static TurnNumber known(int turn) {
        return new TurnNumber(CompletableFuture.completedFuture(turn));
    }

    static TurnNumber pending() {
        return new TurnNumber(new CompletableFuture<>());
    }

    void complete(int turn) {
        value.complete(turn);
    }

    void fail(Throwable error) {
        value.completeExceptionally(error);
    }

    /** The turn, or empty when the write that assigns it failed or took longer than {@code timeout}. */
    OptionalInt await(Duration timeout) {
        try {
            return OptionalInt.of(value.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
