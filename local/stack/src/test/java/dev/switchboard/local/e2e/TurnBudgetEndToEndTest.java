package dev.switchboard.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.testkit.openai.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slow model reply through the local stack's real WebSocket gateway and the real message function: the issue's
 * case (100 tokens at 350 ms, 35 s of model time) against API Gateway's integration timeout, scaled down from 29 s to
 * {@value #TIMEOUT_MS} ms. The gateway sends {@code "Endpoint request timed out"} to the caller for an invocation
 * that outlives it, and the function is told the same timeout ({@code INTEGRATION_TIMEOUT_MS}), so its budget scales
 * with it: the reply wraps up 4 s before the gateway's limit (1 s after the request time here, 25 s at the real
 * figures; TurnBudgetTest and SlowModelScenarioTest check the mechanism at 29 s).
 */
class TurnBudgetEndToEndTest {

    private static final long TIMEOUT_MS = 5000;
    private static final String RESTAURANT = "+15005550006";
    private static final String ADA = "+14155550123";
    /** 100 tokens. */
    private static final String LONG_REPLY = "Sure, here is what we have tonight. Our pizzas come in small, medium and"
            + " large, and every one is baked in a wood fired oven. The Margherita has tomato, mozzarella and basil. The"
            + " Pepperoni adds spicy salami, and the Diavola brings chili oil and olives. For something lighter, try"
            + " the Ortolana with grilled vegetables. We also make a calzone, garlic knots and a Caesar salad. For"
            + " dessert there is tiramisu or cannoli. Pickup usually takes about twenty minutes. What would you like"
            + " to order?";
    /** configs/restaurant.json's wrapUp phrase in en-US. */
    private static final String WRAP_UP = "Sorry, that's taking longer than it should. Let's keep going.";

    private static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        return root;
    }

    private static LocalStack.Builder stack() {
        Path root = root();
        return LocalStack.builder().repoRoot(root).scriptedModelOnly().modelScripts(root.resolve("local/scripts"))
                .integrationTimeout(Duration.ofMillis(TIMEOUT_MS));
    }

    /**
     * Dials, connects, lets setup run, says {@code text} and returns everything that arrives for {@code window}, or
     * until a frame that is not ConversationRelay's arrives.
     */
    private static List<RelayEvent> call(LocalStack stack, String text, Duration window) throws Exception {
        try (SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(),
                stack.authToken(), ADA, RESTAURANT))) {
            caller.dial();
            caller.connect();
            Thread.sleep(500);
            caller.say(text);
            List<RelayEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline && events.stream().noneMatch(RelayEvent.Unknown.class::isInstance)) {
                caller.next(Duration.ofMillis(50)).ifPresent(events::add);
            }
            return events;
        }
    }

    private static String spoken(List<RelayEvent> events) {
        StringBuilder out = new StringBuilder();
        events.stream().filter(RelayEvent.Text.class::isInstance).forEach(e -> out.append(((RelayEvent.Text) e).token()));
        return out.toString();
    }

    @Test
    void aSlowReplyNeverPutsANonConversationRelayFrameOnTheCallersSocket() throws Exception {
        try (LocalStack stack = stack().start()) {
            // A turn on another call first, answered by the scripted model: a fresh JVM's first model request (class
            // loading, OkHttp's first connection) can take the whole 1 s budget on a loaded machine, and this test
            // is about a slow reply, not about that.
            call(stack, "Hello?", Duration.ofMillis(3000));
            int request = stack.fakeOpenAi().orElseThrow().requests().size();
            stack.fakeOpenAi().orElseThrow().enqueue(Reply.text(LONG_REPLY).tokenPace(Duration.ofMillis(350)));

            // past the gateway's timeout, so that a timeout frame would have been seen
            List<RelayEvent> events = call(stack, "What do you have tonight?", Duration.ofMillis(TIMEOUT_MS + 2000));

            assertThat(events).isNotEmpty().noneMatch(RelayEvent.Unknown.class::isInstance);
            assertThat(stack.monitor().counter("ws.timeouts")).isZero();
            assertThat(spoken(events)).endsWith(WRAP_UP);
            assertThat(LONG_REPLY).startsWith(spoken(events).substring(0, spoken(events).length() - WRAP_UP.length()).strip());
            assertThat(events.stream().filter(RelayEvent.Text.class::isInstance).map(RelayEvent.Text.class::cast)
                    .reduce((a, b) -> b).orElseThrow().last()).isTrue();
            assertThat(stack.fakeOpenAi().orElseThrow().clientClosedEarly(request)).isTrue();
        }
    }

    @Test
    void withoutTheBudgetTheGatewaysTimeoutFrameReachesTheCaller() throws Exception {
        // the function believes API Gateway waits 29 s; the gateway gives up after 5
        try (LocalStack stack = stack().environment("INTEGRATION_TIMEOUT_MS", "29000").start()) {
            // about 7 s of tokens: past the gateway's 5 s, and over soon after (the stack then closes at once)
            stack.fakeOpenAi().orElseThrow().enqueue(Reply.text("Sure, here is what we have tonight. Our pizzas come"
                    + " in small, medium and large, and every one is baked in a wood fired oven.")
                    .tokenPace(Duration.ofMillis(350)));

            List<RelayEvent> events = call(stack, "What do you have tonight?", Duration.ofMillis(TIMEOUT_MS + 3000));

            assertThat(events).filteredOn(RelayEvent.Unknown.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((RelayEvent.Unknown) e).raw())
                            .startsWith("{\"message\":\"Endpoint request timed out\",\"connectionId\":"));
            assertThat(stack.monitor().counter("ws.timeouts")).isEqualTo(1);
        }
    }
}
