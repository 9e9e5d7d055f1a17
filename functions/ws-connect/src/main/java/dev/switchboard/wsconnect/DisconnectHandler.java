package dev.switchboard.wsconnect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.snapstart.Priming;
import java.time.InstantSource;

/**
 * {@code $disconnect}: the socket closed (best effort, after the fact). Marks the conversation and, when this
 * connection still serves the call, the session ended with the connection's duration and how it ended. Never
 * throws.
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private final CallEnding ending;
    private final Priming priming;

    public DisconnectHandler() {
        this(AwsClients.shared(), Env.system().require("TABLE_NAME"));
    }

    /** Configured from {@code env} instead of the process environment (the local stack passes its own). */
    public DisconnectHandler(Env env) {
        this(AwsClients.from(env), env.require("TABLE_NAME"));
    }

    private DisconnectHandler(AwsClients aws, String tableName) {
        this(new DynamoConversationStore(aws.dynamoDb(), tableName), new DynamoCallSessionStore(aws.dynamoDb(), tableName),
                InstantSource.system(), tableName);
    }

    DisconnectHandler(ConversationStore conversations, CallSessionStore sessions, InstantSource clock) {
        this(conversations, sessions, clock, "switchboard");
    }

    private DisconnectHandler(ConversationStore conversations, CallSessionStore sessions, InstantSource clock,
                              String tableName) {
        this.ending = new CallEnding(conversations, sessions, clock);
        this.priming = ConnectPriming.disconnect(tableName).register();
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
