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
import dev.switchboard.shared.session.ReconnectCounter;
import dev.switchboard.shared.snapstart.Priming;
import java.time.InstantSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /twiml/action}: the {@code <Connect action>} callback when a ConversationRelay session ends; answers
 * with the handoff, a reconnect, the connection-lost phrase and the handoff, or a hang-up ({@link ConnectAction}).
 */
public final class ConnectActionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final TwilioWebhook webhook;
    private final ConnectAction action;
    private final Priming priming;

    public ConnectActionHandler() {
        this(Env.system());
    }

    /** Real adapters configured from {@code env} (the local stack passes its own). */
    public ConnectActionHandler(Env env) {
        this(env, AwsClients.from(env));
    }

    private ConnectActionHandler(Env env, AwsClients aws) {
        this(WebhookSettings.fromEnv(env, aws), aws.dynamoDb());
    }

    private ConnectActionHandler(WebhookSettings settings, DynamoDbClient dynamoDb) {
        this(settings, new DynamoUseCaseStore(dynamoDb, settings.tableName()),
                new DynamoCallSessionStore(dynamoDb, settings.tableName()),
                new DynamoCallLanguages(dynamoDb, settings.tableName(), InstantSource.system()));
    }

    private ConnectActionHandler(WebhookSettings settings, UseCaseStore useCases, DynamoCallSessionStore sessions,
                                 CallLanguages languages) {
        this(settings, useCases, sessions, sessions, languages);
    }

    ConnectActionHandler(WebhookSettings settings, UseCaseStore useCases, CallSessionStore sessions,
                         ReconnectCounter reconnects, CallLanguages languages) {
        this.webhook = new TwilioWebhook(settings.authToken(), settings.actionUrl());
        this.action = new ConnectAction(useCases, sessions, reconnects, languages,
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
