package dev.switchboard.twiml;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.session.ReconnectCounter;
import java.time.InstantSource;

/**
 * What the webhook's handlers talk to: their settings and the stores. {@link #fromEnv} builds the real adapters
 * (Lambda, the local stack); tests pass fakes or local servers.
 */
public record WebhookPorts(WebhookSettings settings, UseCaseStore useCases, CallSessionStore sessions,
                           ReconnectCounter reconnects, CallLanguages languages, InstantSource clock) {

    /** DynamoDB-backed stores on {@code TABLE_NAME}, configured from {@code env}. */
    public static WebhookPorts fromEnv(Env env) {
        AwsClients aws = AwsClients.from(env);
        WebhookSettings settings = WebhookSettings.fromEnv(env, aws);
        DynamoCallSessionStore sessions = new DynamoCallSessionStore(aws.dynamoDb(), settings.tableName());
        InstantSource clock = InstantSource.system();
        return new WebhookPorts(settings, new DynamoUseCaseStore(aws.dynamoDb(), settings.tableName()), sessions,
                sessions, new DynamoCallLanguages(aws.dynamoDb(), settings.tableName(), clock), clock);
    }
}
