package dev.switchboard.local.config;

import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoItems;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * Writes a validated {@link ConfigSet} to the table: {@code USECASE#{id}} / {@code CONFIG} (native maps and lists,
 * prompt inline), {@code ROUTE#{number}} / {@code ROUTE} per number, {@code ROUTE#default} for the default use case,
 * and {@code CALLER#{number}} / {@code PROFILE} per caller. Items are overwritten; routes removed from the files
 * stay in the table until deleted by hand.
 */
public final class ConfigPush {

    /** What was written. */
    public record Summary(int useCases, int routes, int callers) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final InstantSource clock;

    public ConfigPush(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, InstantSource.system());
    }

    ConfigPush(DynamoDbClient dynamoDb, String tableName, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    /**
     * Creates the table with template.yaml's key schema ({@code pk}/{@code sk} strings, on-demand, TTL on
     * {@code expiresAt}) unless it exists. Returns whether it created it.
     */
    public boolean createTable() {
        try {
            dynamoDb.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .build());
        } catch (ResourceInUseException exists) {
            return false;
        }
        try {
            dynamoDb.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(tableName)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .attributeName("expiresAt").enabled(true).build())
                    .build());
        } catch (SdkException unsupported) {
            // local emulators may not implement TTL; readers filter expired items themselves
        }
        return true;
    }

    public Summary push(ConfigSet set) {
        if (!set.isValid()) {
            throw new IllegalArgumentException("refusing to push configs with " + set.problems().size() + " problems");
        }
        String now = clock.instant().toString();
        int routes = 0;
        for (UseCaseFile useCase : set.useCases()) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.useCase(useCase.id()));
            item.putAll(DynamoItems.toItem(useCase.item()));
            item.put("updatedAt", AttributeValue.fromS(now));
            item.put("source", AttributeValue.fromS("configs/" + useCase.file()));
            put(item);
            for (String number : useCase.numbers()) {
                put(route(number, useCase.id(), now));
                routes++;
            }
            if (useCase.defaultRoute()) {
                put(route(ConfigKeys.DEFAULT_ROUTE, useCase.id(), now));
                routes++;
            }
        }
        set.callers().forEach(c -> put(DynamoCallerProfileStore.toItem(c)));
        return new Summary(set.useCases().size(), routes, set.callers().size());
    }

    private static Map<String, AttributeValue> route(String number, String useCaseId, String now) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.route(number));
        item.put("useCaseId", AttributeValue.fromS(useCaseId));
        item.put("updatedAt", AttributeValue.fromS(now));
        return item;
    }

    private void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }
}
