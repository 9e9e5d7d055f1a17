package dev.switchboard.wsconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.util.List;
import java.util.Map;

/**
 * {@code $connect}: accepts the WebSocket upgrade only when {@code X-Twilio-Signature} is Twilio's signature of the
 * configured {@code wss://} URL with no parameters; 403 otherwise (API Gateway then refuses the connection).
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final TwilioSignature signature;
    private final String websocketUrl;

    public ConnectHandler() {
        this(ConnectSettings.fromEnv(Env.system(), AwsClients.shared()));
    }

    /** Configured from {@code env} instead of the process environment (the local stack passes its own). */
    public ConnectHandler(Env env) {
        this(ConnectSettings.fromEnv(env, AwsClients.from(env)));
    }

    ConnectHandler(ConnectSettings settings) {
        this.signature = new TwilioSignature(settings.authToken().value());
        this.websocketUrl = settings.websocketUrl();
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        try {
            String connectionId = event.getRequestContext() == null ? "" : event.getRequestContext().getConnectionId();
            Log.clear();
            Log.put("connectionId", connectionId);
            String given = header(event, SIGNATURE_HEADER);
            if (given.isEmpty()) {
                Log.warn("connect.rejected", "reason", "missing signature");
                return response(403);
            }
            if (!signature.isValid(websocketUrl, Map.of(), given)) {
                Log.warn("connect.rejected", "reason", "bad signature");
                return response(403);
            }
            Log.info("connect.accepted");
            return response(200);
        } catch (RuntimeException e) {
            Log.error("connect.failed", e);
            return response(500);
        } finally {
            Log.clear();
        }
    }

    /** Header lookup ignoring case; API Gateway passes headers as the client wrote them. */
    private static String header(APIGatewayV2WebSocketEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
                if (name.equalsIgnoreCase(h.getKey()) && h.getValue() != null) {
                    return h.getValue().trim();
                }
            }
        }
        if (event.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> h : event.getMultiValueHeaders().entrySet()) {
                if (name.equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                    return h.getValue().getFirst().trim();
                }
            }
        }
        return "";
    }

    private static APIGatewayV2WebSocketResponse response(int status) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        return response;
    }
}
