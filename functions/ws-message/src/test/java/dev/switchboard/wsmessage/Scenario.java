package dev.switchboard.wsmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoItems;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.metrics.EmfMetrics;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.testkit.apigw.FakeManagementApi;
import dev.switchboard.testkit.apigw.RecordingConnections;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.wsmessage.conversation.CachedUseCases;
import dev.switchboard.wsmessage.conversation.ConversationEngine;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.reply.TurnBudget;
import dev.switchboard.wsmessage.tools.ToolBatch;
import dev.switchboard.wsmessage.tools.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real {@link MessageHandler} wired like production, but against local servers: {@link LocalDynamoDb} through the
 * real DynamoDB client, {@link FakeOpenAi} through the real openai-java client, {@link FakeManagementApi} through the
 * real API Gateway management client. Only the tool runner is a hand-written fake (Step Functions is the Tools
 * issue). Logs and EMF metrics are captured.
 */
final class Scenario implements AutoCloseable {

    static final String CALL_SID = "CA00000000000000000000000000000001";
    static final String CALLER = "+14155550100";
    static final String CALLED = "+14155550199";

    private final TableFixture tableFixture = TableFixture.start();
    final LocalDynamoDb dynamo = tableFixture.server();
    final FakeOpenAi openAi = FakeOpenAi.start();
    final FakeManagementApi api = FakeManagementApi.start();
    final RecordingConnections connections = api.recording();
    final RecordingTools tools = new RecordingTools();
    final String table = tableFixture.name();
    final DynamoDbClient dynamoDb = tableFixture.client();
    final ApiGatewayManagementApiClient management = ApiGatewayManagementApiClient.builder()
            .endpointOverride(api.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    final DynamoConversationStore store = new DynamoConversationStore(dynamoDb, table);
    final DynamoCallSessionStore sessions = new DynamoCallSessionStore(dynamoDb, table);
    final ByteArrayOutputStream metricsOut = new ByteArrayOutputStream();
    final ByteArrayOutputStream logOut = new ByteArrayOutputStream();
    final ConversationPorts ports;
    final ConversationEngine engine;
    final MessageHandler handler;
    private final AtomicLong clockMillis = new AtomicLong(Instant.now().toEpochMilli());

    Scenario() {
        putUseCase("test", resource("/usecases/test.json"));
        Log.redirect(new PrintStream(logOut, true, StandardCharsets.UTF_8));
        var background = Executors.newVirtualThreadPerTaskExecutor();
        InstantSource clock = InstantSource.system();
        ports = new ConversationPorts(store,
                new CachedUseCases(new DynamoUseCaseStore(dynamoDb, table), background, clock,
                        CachedUseCases.DEFAULT_REFRESH_AFTER),
                new DynamoCallerProfileStore(dynamoDb, table), sessions,
                new OpenAiLlm(new OpenAiLlm.Settings("sk-test", openAi.baseUrl(), "gpt-default",
                        Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(20), 0)),
                new ApiGatewayRelayChannel(management), tools,
                new EmfMetrics(new PrintStream(metricsOut, true, StandardCharsets.UTF_8), clock),
                clock, background, ConversationPorts.Sleeper.REAL);
        engine = new ConversationEngine(ports, EngineSettings.defaults());
        handler = new MessageHandler(MessagePorts.of(ports, TurnBudget.INTEGRATION_TIMEOUT));
    }

    /** The budget of a tool continuation invoked now with the template's 60 s Lambda timeout. */
    static TurnBudget continuationBudget() {
        return TurnBudget.asynchronous(Instant.now(), Duration.ofSeconds(60));
    }

    /** Creates the call session as the webhook would, opens the socket and sends {@code setup}. */
    Scenario connect(String connectionId) {
        sessions.create(CallSession.created(CALL_SID, "test", CALLER, CALLED, "AC1", Instant.now(), Map.of()));
        connections.open(connectionId);
        send(connectionId, new InboundMessage.Setup("VX1", "AC1", "", CALL_SID, CALLER, CALLED, "", "", "PSTN",
                "inbound", "RINGING", Map.of("callSid", CALL_SID, "useCaseId", "test")));
        return this;
    }

    APIGatewayV2WebSocketResponse send(String connectionId, InboundMessage message) {
        return sendRaw(connectionId, RelayProtocol.write(message));
    }

    /** Sends a frame that API Gateway received at {@code epochMillis} (e.g. before an earlier-processed frame). */
    APIGatewayV2WebSocketResponse sendReceivedAt(String connectionId, InboundMessage message, long epochMillis) {
        APIGatewayV2WebSocketEvent event = event(connectionId, RelayProtocol.write(message));
        event.getRequestContext().setRequestTimeEpoch(epochMillis);
        return handler.handleRequest(event, null);
    }

    /** Sends a frame whose invocation has a Lambda context (its remaining time bounds the turn). */
    APIGatewayV2WebSocketResponse sendWithContext(String connectionId, InboundMessage message,
                                                  com.amazonaws.services.lambda.runtime.Context context) {
        return handler.handleRequest(event(connectionId, RelayProtocol.write(message)), context);
    }

    /** Turns the test use case's first-token filler on after {@code ms} (usecases/test.json has it off); before setup. */
    void fillerAfter(int ms) {
        com.fasterxml.jackson.databind.node.ObjectNode useCase =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.read(resource("/usecases/test.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) useCase.get("llm")).put("fillerAfterMs", ms);
        putUseCase("test", useCase.toString());
    }

    /** The receive time the last frame got. */
    long lastReceivedAt() {
        return clockMillis.get();
    }

    APIGatewayV2WebSocketResponse prompt(String connectionId, String text) {
        return send(connectionId, new InboundMessage.Prompt(text, "en-US", true));
    }

    APIGatewayV2WebSocketResponse sendRaw(String connectionId, String body) {
        return handler.handleRequest(event(connectionId, body), null);
    }

    /** Sends a frame on another thread, as a concurrent Lambda invocation would run. */
    CompletableFuture<APIGatewayV2WebSocketResponse> sendAsync(String connectionId, InboundMessage message) {
        APIGatewayV2WebSocketEvent event = event(connectionId, RelayProtocol.write(message));
        return CompletableFuture.supplyAsync(() -> handler.handleRequest(event, null),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    APIGatewayV2WebSocketEvent event(String connectionId, String body) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(connectionId);
        context.setRouteKey("$default");
        context.setEventType("MESSAGE");
        context.setMessageId(UUID.randomUUID().toString());
        // every frame a little later than the one before, like API Gateway's receive times
        context.setRequestTimeEpoch(clockMillis.addAndGet(5));
        context.setStage("dev");
        context.setApiId("api1");
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }

    /** The frames posted to this connection, parsed. */
    List<OutboundMessage> frames(String connectionId) {
        return connections.frames(connectionId).stream().map(RelayProtocol::parseOutbound).toList();
    }

    List<OutboundMessage.Text> texts(String connectionId) {
        return frames(connectionId).stream().filter(OutboundMessage.Text.class::isInstance)
                .map(OutboundMessage.Text.class::cast).toList();
    }

    /** What the caller heard: every text token joined. */
    String spoken(String connectionId) {
        StringBuilder out = new StringBuilder();
        texts(connectionId).forEach(t -> out.append(t.token()));
        return out.toString();
    }

    List<HistoryMessage> history(String connectionId) {
        return store.load(connectionId, HistoryWindow.of(100)).messages();
    }

    ConversationState state(String connectionId) {
        return store.state(connectionId).orElseThrow();
    }

    List<JsonNode> metrics() {
        return metricsOut.toString(StandardCharsets.UTF_8).lines().map(Json::read).toList();
    }

    String logs() {
        return logOut.toString(StandardCharsets.UTF_8);
    }

    void putUseCase(String id, String json) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoItems.toItem(Json.read(json)));
        item.putAll(ConfigKeys.useCase(id));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    static String resource(String path) {
        try (InputStream in = Scenario.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Log.redirect(System.out);
        openAi.close();
        api.close();
        management.close();
        tableFixture.close();
    }

    /** A tool runner that records batches; it can be told to fail. */
    static final class RecordingTools implements ToolRunner {
        final List<ToolBatch> batches = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void start(ToolBatch batch) {
            if (failing) {
                throw new IllegalStateException("state machine unavailable");
            }
            batches.add(batch);
        }

        List<ToolBatch> batches() {
            return new ArrayList<>(batches);
        }
    }
}
