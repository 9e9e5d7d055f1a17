package dev.switchboard.wsmessage.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.config.DefaultUseCase;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedUseCasesTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-10T12:00:00Z"));
    private final List<Runnable> refreshes = new ArrayList<>();
    private final CountingStore store = new CountingStore();
    private final CachedUseCases useCases = new CachedUseCases(store, refreshes::add, now::get, Duration.ofSeconds(20));

    @Test
    void loadsOnceThenAnswersFromMemory() {
        assertThat(useCases.get("shop").description()).isEqualTo("v1");
        assertThat(useCases.get("shop").description()).isEqualTo("v1");
        assertThat(store.loads.get()).isEqualTo(1);
    }

    @Test
    void servesTheOldCopyWhileOneBackgroundRefreshRuns() {
        useCases.get("shop");
        store.version = "v2";
        now.set(now.get().plusSeconds(21));

        assertThat(useCases.get("shop").description()).isEqualTo("v1");
        assertThat(useCases.get("shop").description()).isEqualTo("v1");
        assertThat(refreshes).hasSize(1);
        refreshes.getFirst().run();
        assertThat(useCases.get("shop").description()).isEqualTo("v2");
    }

    @Test
    void fallsBackToTheLastGoodCopyThenTheDefault() {
        useCases.get("shop");
        store.failing = true;
        now.set(now.get().plusSeconds(21));
        useCases.get("shop");
        refreshes.getFirst().run();

        assertThat(useCases.get("shop").description()).isEqualTo("v1");
        assertThat(useCases.get("other").id()).isEqualTo(DefaultUseCase.ID);
        assertThat(useCases.get("").id()).isEqualTo(DefaultUseCase.ID);
        assertThat(useCases.idFor("+15550001111")).isEqualTo(DefaultUseCase.ID);
    }

    private static final class CountingStore implements UseCaseStore {
        final AtomicInteger loads = new AtomicInteger();
        volatile String version = "v1";
        volatile boolean failing;

        @Override
        public LoadedUseCase load(String useCaseId) {
            if (failing) {
                throw new IllegalStateException("DynamoDB unreachable");
            }
            loads.incrementAndGet();
            UseCase d = DefaultUseCase.useCase();
            return LoadedUseCase.clean(new UseCase(useCaseId, version, d.timeZone(), d.systemPrompt(), d.relay(),
                    d.languages(), d.parameters(), d.llm(), d.tools(), d.dtmf(), d.handoff(), d.limits(), d.speech(),
                    d.data(), d.phrases()));
        }

        @Override
        public String useCaseIdFor(String calledNumber) {
            throw new IllegalStateException("DynamoDB unreachable");
        }
    }
}
