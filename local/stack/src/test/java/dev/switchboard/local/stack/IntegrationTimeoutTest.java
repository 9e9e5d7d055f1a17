package dev.switchboard.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.local.caller.RelayEvent;
import dev.switchboard.local.caller.SimulatedCaller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket gateway's emulation of API Gateway's integration timeout (shortened to {@value #TIMEOUT_MS} ms here;
 * 29 s by default), with a stand-in message handler that takes as long as it is told.
 */
class IntegrationTimeoutTest {

    private static final long TIMEOUT_MS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder()
                .repoRoot(Repo.root())
                .scriptedModelOnly()
                .integrationTimeout(Duration.ofMillis(TIMEOUT_MS))
                .function("WsConnectFunction", StandIns.SignatureCheckingConnect::new)
                .function("WsMessageFunction", StandIns.Echo::new)
                .function("WsDisconnectFunction", StandIns.Recorder::new)
                .function("ToolContinuationFunction", StandIns.Recorder::new)
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private SimulatedCaller caller() throws SimulatedCaller.CallException {
        SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(),
                stack.authToken(), "+14155550123", "+15005550006"));
        caller.dial();
        caller.connect();
        return caller;
    }

    /** What the caller receives within {@code window}, or up to the first event {@code enough} is true of. */
    private static List<RelayEvent> events(SimulatedCaller caller, Duration window,
                                           java.util.function.Predicate<RelayEvent> enough) throws InterruptedException {
        List<RelayEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline && events.stream().noneMatch(enough)) {
            caller.next(Duration.ofMillis(50)).ifPresent(events::add);
        }
        return events;
    }

    private static boolean slept(RelayEvent event) {
        return event instanceof RelayEvent.Text t && t.token().equals("slept");
    }

    /** The message function's event for the prompt that said {@code words}. */
    private static APIGatewayV2WebSocketEvent eventFor(String words) {
        StandIns.Echo echo = (StandIns.Echo) stack.function("WsMessageFunction").handler();
        return echo.events.stream().filter(e -> e.getBody().contains("\"" + words + "\"")).findFirst().orElseThrow();
    }

    @Test
    void sendsApiGatewaysTimeoutFrameWhenTheInvocationRunsPastTheIntegrationTimeoutAndLetsItFinish() throws Exception {
        long before = stack.monitor().counter("ws.timeouts");
        try (SimulatedCaller caller = caller()) {
            String words = "sleep " + (TIMEOUT_MS + 1000);
            caller.say(words);
            List<RelayEvent> events = events(caller, WAIT, IntegrationTimeoutTest::slept);

            APIGatewayV2WebSocketEvent invocation = eventFor(words);
            assertThat(events).first().isInstanceOfSatisfying(RelayEvent.Unknown.class, u -> assertThat(u.raw())
                    .isEqualTo("{\"message\":\"Endpoint request timed out\",\"connectionId\":\""
                            + invocation.getRequestContext().getConnectionId() + "\",\"requestId\":\""
                            + invocation.getRequestContext().getRequestId() + "\"}"));
            // the invocation kept running: its own frame still arrives, after the timeout frame
            assertThat(events).filteredOn(RelayEvent.Text.class::isInstance).singleElement()
                    .satisfies(t -> assertThat(((RelayEvent.Text) t).token()).isEqualTo("slept"));
        }
        assertThat(stack.monitor().counter("ws.timeouts") - before).isEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsAfterTheTimeoutAddsNoSecondErrorFrame() throws Exception {
        try (SimulatedCaller caller = caller()) {
            caller.say("sleep " + (TIMEOUT_MS + 500) + " boom");
            // the error, if any, would come right after the sleep
            List<RelayEvent> events = events(caller, Duration.ofMillis(TIMEOUT_MS + 1500), e -> false);

            assertThat(events).singleElement().isInstanceOfSatisfying(RelayEvent.Unknown.class,
                    u -> assertThat(u.raw()).contains("Endpoint request timed out"));
        }
    }

    @Test
    void anInvocationThatReturnsInTimeGetsNoTimeoutFrame() throws Exception {
        try (SimulatedCaller caller = caller()) {
            caller.say("hello there");
            List<RelayEvent> events = events(caller, Duration.ofMillis(TIMEOUT_MS + 500), e -> false);

            assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(RelayEvent.Text.class));
            Optional<RelayEvent> timeout = events.stream().filter(RelayEvent.Unknown.class::isInstance).findFirst();
            assertThat(timeout).isEmpty();
        }
    }
}
