package dev.switchboard.local.config;

import dev.switchboard.shared.config.CallerProfileMapper;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoItems;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

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

    /** What {@link #createTable} did: whether it created the table, and lines to show the user. */
    public record TableSetup(boolean created, List<String> warnings) {
    }

    /** {@link #createTable} could not make the table ready (not ACTIVE in time, or TTL refused by AWS). */
    public static final class TableSetupException extends RuntimeException {
        TableSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String TTL_ATTRIBUTE = "expiresAt";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final boolean emulator;
    private final Duration pollInterval;
    private final Duration maxWait;
    private final InstantSource clock;

    ConfigPush(DynamoDbClient dynamoDb, String tableName, boolean emulator, InstantSource clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.emulator = emulator;
        // DynamoDB takes seconds to create a table, a local server milliseconds
        this.pollInterval = emulator ? Duration.ofMillis(50) : Duration.ofSeconds(1);
        this.maxWait = emulator ? Duration.ofSeconds(30) : Duration.ofMinutes(5);
        this.clock = clock;
    }

    /** Pushes to a table in AWS: waits for a new table polling every second, and fails when TTL cannot be enabled. */
    public static ConfigPush toAws(DynamoDbClient dynamoDb, String tableName) {
        return new ConfigPush(dynamoDb, tableName, false, InstantSource.system());
    }

    /**
     * Pushes to a DynamoDB-compatible server on an endpoint override: polls a new table every 50 ms, and one that
     * lacks UpdateTimeToLive (dynalite) gets a warning instead of a failure.
     */
    public static ConfigPush toEmulator(DynamoDbClient dynamoDb, String tableName) {
        return new ConfigPush(dynamoDb, tableName, true, InstantSource.system());
    }

    /**
     * Creates the table with template.yaml's key schema ({@code pk}/{@code sk} strings, on-demand) unless it exists,
     * waits until it is ACTIVE (a new table is CREATING for a few seconds and refuses writes meanwhile), then turns
     * on TTL for {@value #TTL_ATTRIBUTE} on a table it created.
     *
     * @throws TableSetupException when the table is not ACTIVE in time, or AWS refuses to enable TTL
     */
    public TableSetup createTable() {
        boolean created = true;
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
            created = false;
        }
        awaitActive(dynamoDb, tableName, pollInterval, maxWait);
        return new TableSetup(created, created ? enableTtl() : List.of());
    }

    /**
     * Waits with the SDK waiter until {@code tableName} is ACTIVE, asking every {@code pollInterval} for at most
     * {@code maxWait}.
     *
     * @throws TableSetupException when it is not ACTIVE by then
     */
    public static void awaitActive(DynamoDbClient dynamoDb, String tableName, Duration pollInterval, Duration maxWait) {
        try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
            waiter.waitUntilTableExists(r -> r.tableName(tableName), w -> w
                    .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(pollInterval))
                    .maxAttempts((int) (maxWait.toMillis() / pollInterval.toMillis()) + 1)
                    .waitTimeout(maxWait));
        } catch (SdkClientException e) {
            // the waiter's own words: max attempts or wait time exceeded, or an error that is not "not found yet"
            String why = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
            throw new TableSetupException("Table " + tableName + " did not become ACTIVE within " + maxWait.toSeconds()
                    + " s (" + why + ").", e);
        }
    }

    private List<String> enableTtl() {
        try {
            dynamoDb.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(tableName)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .attributeName(TTL_ATTRIBUTE).enabled(true).build())
                    .build());
            return List.of();
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            // dynalite has no UpdateTimeToLive; DynamoDB itself never answers so
            if (emulator && "UnknownOperationException".equals(code)) {
                return List.of("Warning: this DynamoDB server does not implement UpdateTimeToLive, so TTL on "
                        + TTL_ATTRIBUTE + " is off (the product's reads skip expired items themselves).");
            }
            throw new TableSetupException("Created table " + tableName + " but could not enable TTL on "
                    + TTL_ATTRIBUTE + " (" + e.getMessage() + "). Without it "
                    + "sessions and conversations are never deleted. Enable it with: aws dynamodb update-time-to-live"
                    + " --table-name " + tableName + " --time-to-live-specification Enabled=true,AttributeName="
                    + TTL_ATTRIBUTE, e);
        }
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
        set.callers().forEach(c -> put(CallerProfileMapper.toItem(c)));
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
