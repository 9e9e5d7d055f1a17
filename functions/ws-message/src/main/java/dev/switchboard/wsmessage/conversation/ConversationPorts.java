package dev.switchboard.wsmessage.conversation;

import dev.switchboard.shared.config.CallerProfileStore;
import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.metrics.Metrics;
import dev.switchboard.shared.relay.RelayChannel;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.wsmessage.llm.Llm;
import dev.switchboard.wsmessage.tools.ToolRunner;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * Everything the {@link ConversationEngine} talks to. Production wiring builds the real adapters once per
 * container; tests pass fakes or local servers.
 *
 * @param background runs the writes that go in parallel with the model call (virtual threads in production)
 * @param sleeper    waits for the pause that ends a keypad entry
 */
public record ConversationPorts(ConversationStore store, CachedUseCases useCases, CallerProfileStore profiles,
                                CallSessionStore sessions, Llm llm, RelayChannel channel, ToolRunner tools,
                                Metrics metrics, InstantSource clock, Executor background, Sleeper sleeper) {

    /** Waits; {@link Thread#sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration);

        void sleep(Duration duration) throws InterruptedException;
    }
}
