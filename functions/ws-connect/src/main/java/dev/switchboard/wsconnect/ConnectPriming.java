package dev.switchboard.wsconnect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.aws.SdkPriming;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the WebSocket connect and disconnect functions, without network and without the real auth
 * token (a fixed priming key signs the sample; the real token must not be read before the snapshot).
 */
final class ConnectPriming {

    private static final Secret PRIMING_KEY = Secret.of("snapstart-priming-key");
    private static final String CONNECTION_ID = "snapstart-priming=";

    private ConnectPriming() {
    }

    /**
     * {@code $connect}: a signed and an unsigned upgrade, read by Jackson into the real event type, through the same
     * {@link UpgradeCheck} (header lookup, signature HMAC, the answer).
     */
    static Priming connect(String websocketUrl) {
        return Priming.of("ws-connect", Priming.step("connect-upgrade", () -> {
            UpgradeCheck check = new UpgradeCheck(PRIMING_KEY, websocketUrl);
            String signature = new TwilioSignature(PRIMING_KEY.value()).sign(websocketUrl, Map.of());
            int signed = check.status(event("$connect", "CONNECT", Map.of(UpgradeCheck.SIGNATURE_HEADER, signature)));
            int unsigned = check.status(event("$connect", "CONNECT", Map.of()));
            ConnectHandler.response(signed);
            if (signed != 200 || unsigned != 403) {
                throw new IllegalStateException("the priming upgrade was answered " + signed + " / " + unsigned);
            }
        }));
    }

    /**
     * {@code $disconnect}: the event, then the conversation and session reads of the real stores, run on a DynamoDB
     * client that stops every request before it is sent. (Nobody waits for {@code $disconnect}; this mainly keeps
     * its first run after a restore short.)
     */
    static Priming disconnect(String tableName) {
        return Priming.of("ws-disconnect", Priming.step("disconnect", () -> {
            APIGatewayV2WebSocketEvent event = event("$disconnect", "DISCONNECT", Map.of());
            if (!CONNECTION_ID.equals(event.getRequestContext().getConnectionId())) {
                throw new IllegalStateException("the priming event lost its connection id");
            }
            try (SdkPriming sdk = SdkPriming.fromEnv(); DynamoDbClient dynamoDb = sdk.dynamoDb()) {
                sdk.send(dynamoDb, db -> new DynamoConversationStore(db, tableName).state(CONNECTION_ID));
                sdk.send(dynamoDb, db -> new DynamoCallSessionStore(db, tableName).get(PrimingSamples.CALL_SID));
            }
        }));
    }

    private static APIGatewayV2WebSocketEvent event(String routeKey, String eventType, Map<String, String> headers) {
        ObjectNode event = Json.object().put("isBase64Encoded", false);
        ObjectNode h = event.putObject("headers").put("Host", "priming.execute-api.us-east-1.amazonaws.com");
        headers.forEach(h::put);
        event.putObject("requestContext").put("routeKey", routeKey).put("eventType", eventType)
                .put("connectionId", CONNECTION_ID).put("stage", "prod").put("connectedAt", 1_767_268_800_000L)
                .put("requestTimeEpoch", 1_767_268_800_000L).put("apiId", "priming");
        return Json.MAPPER.convertValue(event, APIGatewayV2WebSocketEvent.class);
    }
}
