package dev.switchboard.wsconnect;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.conversation.ConversationStore;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import java.time.InstantSource;

/**
 * What {@code $disconnect} talks to. {@link #fromEnv} builds the real adapters (Lambda, the local stack); tests pass
 * fakes or local servers.
 *
 * @param tableName the table the SnapStart priming names in its sample requests
 */
public record DisconnectPorts(ConversationStore conversations, CallSessionStore sessions, InstantSource clock,
                              String tableName) {

    /** DynamoDB-backed stores on {@code TABLE_NAME}. */
    public static DisconnectPorts fromEnv(Env env, AwsClients aws) {
        String tableName = env.require("TABLE_NAME");
        return new DisconnectPorts(new DynamoConversationStore(aws.dynamoDb(), tableName),
                new DynamoCallSessionStore(aws.dynamoDb(), tableName), InstantSource.system(), tableName);
    }
}
