package dev.switchboard.twiml;

import static dev.switchboard.twiml.Fixtures.CALL_SID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoItems;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.twilio.Xml;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Both handlers as the local stack builds them (public Env constructors, real adapters) over LocalDynamoDb. */
class WebhookWithLocalDynamoDbTest {

    private static final String TABLE = "switchboard-webhook";

    private final LocalDynamoDb server = LocalDynamoDb.start();
    private final Env env = Env.of(Map.of(
            "TABLE_NAME", TABLE,
            "DYNAMODB_ENDPOINT", server.endpoint().toString(),
            "AWS_REGION", "us-east-1",
            "PUBLIC_BASE_URL", Fixtures.BASE_URL,
            "WEBSOCKET_URL", Fixtures.WS_URL,
            "TWILIO_AUTH_TOKEN", Fixtures.AUTH_TOKEN));
    private final DynamoDbClient client = dev.switchboard.shared.aws.AwsClients.from(env).dynamoDb();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersACallAndReconnectsItWithRealAdapters() {
        TableFixture.createTable(client, TABLE);
        put(ConfigKeys.route(Fixtures.CALLED), "{\"useCaseId\":\"pizza\"}");
        put(ConfigKeys.useCase("pizza"), Fixtures.PIZZA);

        var answer = new TwimlHandler(WebhookPorts.fromEnv(env)).handleRequest(Events.load("voice-happy"), null);
        var reconnect = new ConnectActionHandler(WebhookPorts.fromEnv(env))
                .handleRequest(Events.load("action-dropped-socket"), null);

        assertThat(Xml.parse(answer.getBody()).parameters()).containsEntry("useCaseId", "pizza");
        assertThat(Xml.parse(reconnect.getBody()).parameters()).containsEntry("resumed", "true");
        Map<String, AttributeValue> session = client.getItem(b -> b.tableName(TABLE)
                .key(DynamoCallSessionStore.key(CALL_SID))).item();
        assertThat(session.get("useCaseId").s()).isEqualTo("pizza");
        assertThat(session.get("status").s()).isEqualTo("reconnecting");
        assertThat(session.get("reconnects").n()).isEqualTo("1");
        assertThat(session.get("expiresAt").n()).isNotEmpty();
    }

    @Test
    void saysTheConnectionWasLostInTheLanguageTheConversationRecorded() {
        TableFixture.createTable(client, TABLE);
        put(ConfigKeys.route(Fixtures.CALLED), "{\"useCaseId\":\"pizza\"}");
        put(ConfigKeys.useCase("pizza"), Fixtures.PIZZA);
        new TwimlHandler(WebhookPorts.fromEnv(env)).handleRequest(Events.load("voice-happy"), null);
        new DynamoCallSessionStore(client, TABLE).linkConnection(CALL_SID, "conn-es");
        new DynamoConversationStore(client, TABLE)
                .saveState(ConversationState.unknown("conn-es", Instant.now()).withLanguage("es-ES"));

        var lost = new ConnectActionHandler(WebhookPorts.fromEnv(env))
                .handleRequest(Events.load("action-failed-other"), null);

        Xml xml = Xml.parse(lost.getBody());
        assertThat(xml.verbs()).containsExactly("Say", "Say", "Enqueue");
        assertThat(xml.all("Say")).extracting(e -> e.getAttribute("language")).containsOnly("es-ES");
        assertThat(xml.all("Say").get(0).getTextContent()).isEqualTo("Perdón, se cortó nuestra línea con la tienda.");
        Map<String, AttributeValue> session = client.getItem(b -> b.tableName(TABLE)
                .key(DynamoCallSessionStore.key(CALL_SID))).item();
        assertThat(session.get("outcome").s()).isEqualTo("connection_lost");
        assertThat(session.get("outcomeDetails").m().get("language").s()).isEqualTo("es-ES");
    }

    @Test
    void apologisesWhenTheTableDoesNotExist() {
        var answer = new TwimlHandler(WebhookPorts.fromEnv(env)).handleRequest(Events.load("voice-happy"), null);

        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(Xml.parse(answer.getBody()).verbs()).containsExactly("Say", "Hangup");
    }

    private void put(Map<String, AttributeValue> key, String json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.putAll(DynamoItems.toItem(Json.read(json)));
        client.putItem(b -> b.tableName(TABLE).item(item));
    }
}
