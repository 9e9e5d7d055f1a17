package dev.switchboard.wsconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;

/**
 * {@code $connect}: accepts the WebSocket upgrade only when {@code X-Twilio-Signature} is Twilio's signature of the
 * configured {@code wss://} URL with no parameters; 403 otherwise (API Gateway then refuses the connection).
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final UpgradeCheck check;
    private final Priming priming;

    public ConnectHandler() {
        this(ConnectSettings.fromEnv(Env.system(), AwsClients.shared()));
    }

    /** With the given settings (tests, the local stack). */
    public ConnectHandler(ConnectSettings settings) {
        this.check = new UpgradeCheck(settings.authToken(), settings.websocketUrl());
        this.priming = ConnectPriming.connect(settings.websocketUrl()).register();
    }

    /** SnapStart priming, registered with the runtime (which holds it weakly: this field keeps it). */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        try {
            String connectionId = event.getRequestContext() == null ? "" : event.getRequestContext().getConnectionId();
            Log.invocation(context);
            Log.put("connectionId", connectionId);
            return response(check.status(event));
        } catch (RuntimeException e) {
            Log.error("connect.failed", e);
            return response(500);
        } finally {
            Log.clear();
        }
    }

    static APIGatewayV2WebSocketResponse response(int status) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        return response;
    }
}
