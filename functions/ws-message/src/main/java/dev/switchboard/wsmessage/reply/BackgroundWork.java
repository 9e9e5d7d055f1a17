package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Work of one invocation that runs beside the critical path (history writes while the model thinks). Failures are
 * logged, never thrown; {@link #awaitAll} must run before the invocation returns, because Lambda freezes
 * unfinished threads.
 */
final class BackgroundWork {

    private final Executor executor;
    private final List<CompletableFuture<Void>> running = new CopyOnWriteArrayList<>();

    BackgroundWork(Executor executor) {
        this.executor = executor;
    }

    void run(String name, Runnable work) {
        Map<String, Object> context = Log.context();
        running.add(CompletableFuture.runAsync(() -> {
            context.forEach(Log::put);
            try {
                work.run();
            } catch (RuntimeException e) {
                Log.error(name + "_failed", e);
            }
        }, executor));
    }

    void awaitAll(Duration timeout) {
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.warn("background.unfinished", "tasks", running.stream().filter(f -> !f.isDone()).count());
        }
    }
}
