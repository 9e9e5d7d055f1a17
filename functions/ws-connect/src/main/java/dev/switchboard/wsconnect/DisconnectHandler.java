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
 * {@code $disconnect}: the socket closed (best effort, after the fact). Marks the conversation and, when this
 * connection still serves the call, the session ended with the connection's duration and how it ended. Never
 * throws.
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final CallEnding ending;
    private final Priming priming;

    public DisconnectHandler() {
        this(DisconnectPorts.fromEnv(Env.system(), AwsClients.shared()));
    }

    /** With the given stores (tests, the local stack). */
    public DisconnectHandler(DisconnectPorts ports) {
        this.ending = new CallEnding(ports.conversations(), ports.sessions(), ports.clock());
        this.priming = ConnectPriming.disconnect(ports.tableName()).register();
    }

    /** SnapStart priming, registered with the runtime (which holds it weakly: this field keeps it). */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        Log.invocation(context);
        var request = event.getRequestContext();
        if (request != null && request.getConnectionId() != null) {
            ending.disconnected(request.getConnectionId(), request.getConnectedAt(), request.getRequestTimeEpoch());
        }
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }
}
