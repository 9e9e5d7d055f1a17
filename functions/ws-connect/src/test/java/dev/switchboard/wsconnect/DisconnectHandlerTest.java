package dev.switchboard.wsconnect;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DisconnectHandlerTest {

    private static final String CALL = "CA1";
    private static final long CONNECTED_AT = Instant.parse("2026-01-10T12:00:00Z").toEpochMilli();

    private final TableFixture tableFixture = TableFixture.start();
    private final LocalDynamoDb dynamo = tableFixture.server();
    private final DynamoDbClient client = tableFixture.client();
    private final String table = tableFixture.name();
    private final DynamoConversationStore conversations = new DynamoConversationStore(client, table);
    private final DynamoCallSessionStore sessions = new DynamoCallSessionStore(client, table);
    private final DisconnectHandler handler =
            new DisconnectHandler(new DisconnectPorts(conversations, sessions, InstantSource.system(), "switchboard"));

    @AfterEach
    void close() {
        tableFixture.close();
    }

    @Test
    void primesItsStoreReadsWithoutSendingThem() {
        dynamo.resetCounts();

        Priming.Report first = handler.priming().run();
        Priming.Report second = handler.priming().run();

        assertThat(first.ok()).as(first.failed().toString()).isTrue();
        assertThat(first.primed()).containsExactly("disconnect");
        assertThat(second).isEqualTo(first);
        assertThat(dynamo.requestCounts().values().stream().mapToLong(Long::longValue).sum())
                .as("nothing reached a table").isZero();
    }

    @Test
    void marksTheSessionEndedWithItsDuration() {
        connected("c1");

        assertThat(handler.handleRequest(disconnect("c1", 95_400), null).getStatusCode()).isEqualTo(200);

        CallSession session = sessions.get(CALL).orElseThrow();
        assertThat(session.status()).isEqualTo("ended");
        assertThat(session.outcome()).isEqualTo("disconnected");
        assertThat(client.getItem(b -> b.tableName(table).key(DynamoCallSessionStore.key(CALL))).item()
                .get("durationSeconds").n()).isEqualTo("95");
        assertThat(conversations.state("c1").orElseThrow().status()).isEqualTo(CallStatus.GONE);
    }

    @Test
    void reportsAHandoffTheAgentAskedFor() {
        connected("c1");
        conversations.markEnded("c1", CallStatus.ENDED, "handoff");

        handler.handleRequest(disconnect("c1", 10_000), null);

        assertThat(sessions.get(CALL).orElseThrow().outcome()).isEqualTo("handoff");
    }

    @Test
    void leavesTheOutcomeTheActionCallbackAlreadyRecorded() {
        connected("c1");
        sessions.recordOutcome(CALL, "ended", "handoff_enqueue", Map.of());

        handler.handleRequest(disconnect("c1", 10_000), null);

        assertThat(sessions.get(CALL).orElseThrow().outcome()).isEqualTo("handoff_enqueue");
    }

    @Test
    void doesNotEndACallThatReconnectedOnANewSocket() {
        connected("c1");
        conversations.saveState(state("c2"));
        sessions.linkConnection(CALL, "c2");

        handler.handleRequest(disconnect("c1", 10_000), null);

        assertThat(sessions.get(CALL).orElseThrow().status()).isEqualTo("connected");
    }

    @Test
    void neverThrows() {
        assertThat(handler.handleRequest(disconnect("unknown", 1), null).getStatusCode()).isEqualTo(200);
        assertThat(handler.handleRequest(new APIGatewayV2WebSocketEvent(), null).getStatusCode()).isEqualTo(200);
        connected("c1");
        dynamo.failRequests("*", 500, "InternalServerError");
        assertThat(handler.handleRequest(disconnect("c1", 1), null).getStatusCode()).isEqualTo(200);
    }

    private void connected(String connectionId) {
        sessions.create(CallSession.created(CALL, "test", "+14155550100", "+14155550199", "AC1", Instant.now(), Map.of()));
        sessions.linkConnection(CALL, connectionId);
        conversations.saveState(state(connectionId));
    }

    private static ConversationState state(String connectionId) {
        return ConversationState.builder(connectionId, Instant.ofEpochMilli(CONNECTED_AT))
                .callSid(CALL).useCaseId("test").from("+14155550100").to("+14155550199")
                .caller(new CallerProfile("+14155550100", "", "", "", ""))
                .build();
    }

    private static APIGatewayV2WebSocketEvent disconnect(String connectionId, long afterMillis) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(connectionId);
        context.setRouteKey("$disconnect");
        context.setEventType("DISCONNECT");
        context.setConnectedAt(CONNECTED_AT);
        context.setRequestTimeEpoch(CONNECTED_AT + afterMillis);
        event.setRequestContext(context);
        return event;
    }
}
