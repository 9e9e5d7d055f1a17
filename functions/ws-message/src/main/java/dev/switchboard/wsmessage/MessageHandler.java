package dev.switchboard.wsmessage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.wsmessage.conversation.ConversationEngine;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.conversation.Received;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code $default}: every ConversationRelay frame. Parses it and hands it to the {@link ConversationEngine}.
 * Never throws and always answers 200: an error would make API Gateway push an "Internal server error" frame to
 * Twilio, which counts as a malformed message. Malformed, unknown and oversized frames are logged and dropped.
 *
 * <p>Never runs past API Gateway's integration timeout either (29 s from the frame's request time, after which API
 * Gateway pushes "Endpoint request timed out" to Twilio): each frame gets a {@link TurnBudget} from its
 * {@code requestTimeEpoch}, the integration timeout and the Lambda context's remaining time.
 */
public final class MessageHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    /** What an invocation without a Lambda context (a test) may take: Lambda's longest timeout. */
    static final Duration NO_CONTEXT_REMAINING = Duration.ofMinutes(15);

    private final ConversationEngine engine;
    private final Duration integrationTimeout;
    private final Priming priming;

    public MessageHandler() {
        this(MessagePorts.fromEnv(Env.system(), AwsClients.shared()));
    }

    /** With the given ports (tests, the local stack). */
    public MessageHandler(MessagePorts ports) {
        this.engine = new ConversationEngine(ports.conversation(), EngineSettings.defaults());
        this.integrationTimeout = ports.integrationTimeout();
        this.priming = ports.priming();
    }

    /** SnapStart priming, registered with the runtime (which holds it weakly: this field keeps it). */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        long startNanos = System.nanoTime();
        try {
            var request = event.getRequestContext();
            Log.invocation(context);
            Log.put("connectionId", request.getConnectionId());
            String body = body(event);
            Instant now = Instant.now();
            Instant receivedAt = request.getRequestTimeEpoch() > 0 ? Instant.ofEpochMilli(request.getRequestTimeEpoch()) : now;
            Received received = new Received(request.getConnectionId(), receivedAt,
                    request.getMessageId() == null ? "" : request.getMessageId(), startNanos,
                    TurnBudget.synchronous(receivedAt, integrationTimeout, now, remaining(context)));
            dispatch(received, RelayProtocol.parse(body), body.length());
        } catch (Exception e) {
            Log.error("message.failed", e);
        } finally {
            Log.clear();
        }
        return ok();
    }

    /** The invocation's time left before Lambda stops it. */
    static Duration remaining(Context context) {
        return context == null ? NO_CONTEXT_REMAINING : Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    /** The frame's text; API Gateway may deliver it Base64-encoded. */
    static String body(APIGatewayV2WebSocketEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        return event.isIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private void dispatch(Received received, InboundMessage message, int size) {
        switch (message) {
            case InboundMessage.Setup setup -> engine.onSetup(received, setup);
            case InboundMessage.Prompt prompt -> engine.onPrompt(received, prompt);
            case InboundMessage.Interrupt interrupt -> engine.onInterrupt(received, interrupt);
            case InboundMessage.Dtmf dtmf -> engine.onDtmf(received, dtmf);
            case InboundMessage.Info info -> engine.onInfo(received, info);
            case InboundMessage.Error error -> engine.onError(received, error);
            case InboundMessage.Unknown unknown -> Log.warn("frame.dropped", "type", unknown.typeName(),
                    "reason", unknown.reason(), "chars", size);
        }
    }

    private static APIGatewayV2WebSocketResponse ok() {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }
}
