package dev.switchboard.shared.config;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Caller profiles from {@code CALLER#{number}} / {@code PROFILE} items, converted by {@link CallerProfileMapper}. */
public final class DynamoCallerProfileStore implements CallerProfileStore {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoCallerProfileStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<CallerProfile> find(String number) {
        if (number == null || number.isBlank()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName).key(ConfigKeys.caller(number)).build()).item();
        return item.isEmpty() ? Optional.empty() : Optional.of(CallerProfileMapper.fromItem(number, item));
    }
}
