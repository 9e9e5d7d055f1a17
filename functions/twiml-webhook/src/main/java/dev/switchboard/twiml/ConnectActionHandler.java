package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;

/**
 * {@code POST /twiml/action}: the {@code <Connect action>} callback when a ConversationRelay session ends; answers
 * with the handoff, a reconnect, the connection-lost phrase and the handoff, or a hang-up ({@link ConnectAction}).
 */
public final class ConnectActionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final TwilioWebhook webhook;
    private final ConnectAction action;
    private final Priming priming;

    public ConnectActionHandler() {
        this(WebhookPorts.fromEnv(Env.system()));
    }

    /** With the given settings and stores (tests, the local stack). */
    public ConnectActionHandler(WebhookPorts ports) {
        WebhookSettings settings = ports.settings();
        this.webhook = new TwilioWebhook(settings.authToken(), settings.actionUrl());
        this.action = new ConnectAction(ports.useCases(), ports.sessions(), ports.reconnects(), ports.languages(),
                new CallTwiml(settings.websocketUrl(), settings.actionUrl()), settings.maxReconnects());
        this.priming = WebhookPriming.action(settings).register();
    }

    /** SnapStart priming, registered with the runtime (which holds it weakly: this field keeps it). */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Log.invocation(context);
        return webhook.handle(event, action::answer);
    }
}
