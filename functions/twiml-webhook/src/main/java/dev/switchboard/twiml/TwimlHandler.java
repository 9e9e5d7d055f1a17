package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.snapstart.Priming;
import java.time.InstantSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code POST /twiml}: Twilio's voice webhook for an incoming call; answers with ConversationRelay TwiML. */
public final class TwimlHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final TwilioWebhook webhook;
    private final CallAnswerer answerer;
    private final Priming priming;

    public TwimlHandler() {
        this(Env.system());
    }

    /** Real adapters configured from {@code env} (the local stack passes its own). */
    public TwimlHandler(Env env) {
        this(env, AwsClients.from(env));
    }

    private TwimlHandler(Env env, AwsClients aws) {
        this(WebhookSettings.fromEnv(env, aws), aws.dynamoDb());
    }

    private TwimlHandler(WebhookSettings settings, DynamoDbClient dynamoDb) {
        this(settings, new DynamoUseCaseStore(dynamoDb, settings.tableName()),
                new DynamoCallSessionStore(dynamoDb, settings.tableName()), InstantSource.system());
    }

    TwimlHandler(WebhookSettings settings, UseCaseStore useCases, CallSessionStore sessions, InstantSource clock) {
        this.webhook = new TwilioWebhook(settings.authToken(), settings.voiceUrl());
        this.answerer = new CallAnswerer(useCases, sessions,
                new CallTwiml(settings.websocketUrl(), settings.actionUrl()), clock);
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
