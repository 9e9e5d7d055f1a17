package dev.switchboard.shared.tools;

import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.json.Json;
import java.util.concurrent.atomic.AtomicInteger;

/** A small use case with two tools, read through the real config reader, and a store serving it (shared with ws-message tests through the test jar). */
public final class ToolTestUseCases {

    static final String DOCUMENT = """
            {"id": "shop", "timeZone": "Europe/Berlin", "systemPrompt": "You sell things.",
             "tools": [
               {"name": "lookup_item", "description": "Find an item", "function": "Lookup",
                "parameters": {"type": "object",
                               "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}[0-9]{2}$"},
                                              "count": {"type": "integer", "minimum": 1}},
                               "required": ["sku"]}},
               {"name": "ring_bell", "description": "Rings", "function": "Bell",
                "parameters": {"type": "object", "properties": {}}}
             ]}""";

    private ToolTestUseCases() {
    }

    public static UseCase shop() {
        LoadedUseCase loaded = UseCaseReader.read("shop", Json.read(DOCUMENT));
        if (loaded.useCase().tools().size() != 2) {
            throw new IllegalStateException("fixture tools dropped: " + loaded.problems());
        }
        return loaded.useCase();
    }

    /** Serves one use case; counts loads; can be made to fail like an unreachable table. */
    public static final class FakeUseCaseStore implements UseCaseStore {
        private final UseCase useCase;
        private final AtomicInteger loads = new AtomicInteger();
        private RuntimeException failure;

        public FakeUseCaseStore(UseCase useCase) {
            this.useCase = useCase;
        }

        public void failWith(RuntimeException e) {
            failure = e;
        }

        public int loads() {
            return loads.get();
        }

        @Override
        public LoadedUseCase load(String useCaseId) {
            loads.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return LoadedUseCase.clean(useCase);
        }

        @Override
        public String useCaseIdFor(String calledNumber) {
            return useCase.id();
        }
    }
}
