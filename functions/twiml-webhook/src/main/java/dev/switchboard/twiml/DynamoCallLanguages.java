package dev.switchboard.twiml;

import dev.switchboard.shared.conversation.ConversationItems;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CallLanguages} from the conversation's state item, {@code CONN#{connectionId}} / {@code STATE}, which
 * ws-message writes through {@code DynamoConversationStore}: one consistent {@code GetItem}, its {@code language}
 * attribute, an item whose {@code expiresAt} has passed counting as absent. It reads the item itself rather than
 * through {@code DynamoConversationStore} so this function's code, and so its IAM policy, stays at GetItem and
 * UpdateItem; WebhookWithLocalDynamoDbTest writes the item with the real store and reads it back here.
 */
final class DynamoCallLanguages implements CallLanguages {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final InstantSource clock;

    DynamoCallLanguages(DynamoDbClient dynamoDb, String tableName, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    @Override
    public Optional<String> lastLanguage(String connectionId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(ConversationItems.stateKey(connectionId))).item();
        return CallLanguageItem.language(item, clock.instant().getEpochSecond());
    }
}
