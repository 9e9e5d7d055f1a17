package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;

/** {@code POST /twiml}: Twilio's voice webhook for an incoming call; answers with ConversationRelay TwiML. */
public final class TwimlHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final TwilioWebhook webhook;
    private final CallAnswerer answerer;
    private final Priming priming;

    public TwimlHandler() {
        this(WebhookPorts.fromEnv(Env.system()));
    }

    /** With the given settings and stores (tests, the local stack). */
    public TwimlHandler(WebhookPorts ports) {
        WebhookSettings settings = ports.settings();
        this.webhook = new TwilioWebhook(settings.authToken(), settings.voiceUrl());
        this.answerer = new CallAnswerer(ports.useCases(), ports.sessions(),
                new CallTwiml(settings.websocketUrl(), settings.actionUrl()), ports.clock());
        this.priming = WebhookPriming.voice(settings).register();
    }

    /** SnapStart priming, registered with the runtime (which holds it weakly: this field keeps it). */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Log.invocation(context);
        return webhook.handle(event, answerer::answer);
    }
}
