package dev.switchboard.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Hand-written stand-ins for the WebSocket functions, to test the gateways' own behaviour (event shapes, signature
 * rejection, concurrency, error frames, disconnects) independently of the conversation code.
 */
final class StandIns {

    private StandIns() {
    }

    /** {@code $connect}: 200 when X-Twilio-Signature signs WEBSOCKET_URL with TWILIO_AUTH_TOKEN, else 403. */
    static final class SignatureCheckingConnect
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        final List<APIGatewayV2WebSocketEvent> events = new CopyOnWriteArrayList<>();
        private final TwilioSignature signature;
        private final String url;

        SignatureCheckingConnect(Env env) {
            this.signature = new TwilioSignature(env.require("TWILIO_AUTH_TOKEN"));
            this.url = env.require("WEBSOCKET_URL");
        }

        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            events.add(event);
            String given = event.getHeaders().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("X-Twilio-Signature"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(signature.isValid(url, Map.of(), given) ? 200 : 403);
            return response;
        }
    }

    /**
     * {@code $default}: answers a prompt with three text frames ("You said: ", the words, "." with last) through the
     * real management API client; "boom" throws; "wait" blocks until a dtmf frame of the same connection arrives;
     * "sleep N" takes N ms, then posts "slept" ("sleep N boom" throws instead).
     */
    static final class Echo implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        final List<APIGatewayV2WebSocketEvent> events = new CopyOnWriteArrayList<>();
        /** Per connection: released by a dtmf frame, awaited by a "wait" prompt. */
        private final Map<String, CountDownLatch> keypad = new java.util.concurrent.ConcurrentHashMap<>();
        private final ApiGatewayManagementApiClient management;

        Echo(Env env) {
            this.management = ApiGatewayManagementApiClient.builder()
                    .endpointOverride(URI.create(env.require("MANAGEMENT_API_ENDPOINT")))
                    .region(Region.US_EAST_1)
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .build();
        }

        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            events.add(event);
            JsonNode frame = Json.read(event.getBody());
            String connection = event.getRequestContext().getConnectionId();
            String words = frame.path("voicePrompt").asText();
            switch (frame.path("type").asText()) {
                case "prompt" -> {
                    if (words.equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    if (words.startsWith("sleep ")) {
                        String[] parts = words.split(" ");
                        try {
                            Thread.sleep(Long.parseLong(parts[1]));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (parts.length > 2 && parts[2].equals("boom")) {
                            throw new IllegalStateException("boom after sleeping");
                        }
                        post(connection, Map.of("type", "text", "token", "slept", "last", true));
                        return ok();
                    }
                    if (words.equals("wait")) {
                        try {
                            boolean released = keypad.computeIfAbsent(connection, c -> new CountDownLatch(1))
                                    .await(10, TimeUnit.SECONDS);
                            String answer = released ? "both ran at once" : "alone";
                            post(connection, Map.of("type", "text", "token", answer, "last", true));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return ok();
                    }
                    post(connection, Map.of("type", "text", "token", "You said: ", "last", false));
                    post(connection, Map.of("type", "text", "token", words, "last", false));
                    post(connection, Map.of("type", "text", "token", ".", "last", true));
                }
                case "dtmf" -> {
                    keypad.computeIfAbsent(connection, c -> new CountDownLatch(1)).countDown();
                    post(connection, Map.of("type", "text", "token", "Pressed " + frame.path("digit").asText(), "last", true));
                }
                default -> { }
            }
            return ok();
        }

        void post(String connectionId, Map<String, Object> frame) {
            management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(Json.write(frame))));
        }

        ApiGatewayManagementApiClient management() {
            return management;
        }
    }

    /** Records what it is given. */
    static final class Recorder implements RequestHandler<Object, Object> {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final CountDownLatch called = new CountDownLatch(1);

        Recorder(Env env) {
        }

        @Override
        public Object handleRequest(Object event, Context context) {
            events.add(event);
            called.countDown();
            return null;
        }
    }

    static APIGatewayV2WebSocketResponse ok() {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }
}
