package dev.switchboard.testkit.dynamodb;

import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * A fresh {@link LocalDynamoDb} holding one table with Switchboard's key schema ({@code pk} (S) hash, {@code sk} (S)
 * range, on demand), and a real SDK {@link DynamoDbClient} for it: what adapter and handler tests start from. The
 * local stack does not use it: it creates its table as template.yaml defines it.
 *
 * <p>The SDK's {@code dynamodb} and {@code url-connection-client} are optional dependencies of the test kit: a module
 * using this class has them on its own classpath (every module that talks to DynamoDB does).
 */
public record TableFixture(LocalDynamoDb server, DynamoDbClient client, String name) implements AutoCloseable {

    /** A table named {@code switchboard-<uuid>}, with a client that retries as the SDK does by default. */
    public static TableFixture start() {
        return start(ClientOverrideConfiguration.builder().build());
    }

    /** A table named {@code switchboard-<uuid>}, with a client that never retries (an injected outage fails at once). */
    public static TableFixture startWithoutRetries() {
        return start(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }

    private static TableFixture start(ClientOverrideConfiguration configuration) {
        LocalDynamoDb server = LocalDynamoDb.start();
        DynamoDbClient client = client(server, configuration);
        String name = "switchboard-" + UUID.randomUUID();
        createTable(client, name);
        return new TableFixture(server, client, name);
    }

    /** A real SDK client for {@code server}: us-east-1, static test credentials, the URL connection HTTP client. */
    public static DynamoDbClient client(LocalDynamoDb server) {
        return client(server, ClientOverrideConfiguration.builder().build());
    }

    public static DynamoDbClient client(LocalDynamoDb server, ClientOverrideConfiguration configuration) {
        return DynamoDbClient.builder()
                .overrideConfiguration(configuration)
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates {@code name} with keys {@code pk} (S) / {@code sk} (S), on demand, and waits until it is ACTIVE. */
    public static void createTable(DynamoDbClient client, String name) {
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        awaitActive(client, name);
    }

    /** Waits until {@code name} is ACTIVE (a new table is CREATING for {@value LocalDynamoDb#CREATING_MILLIS} ms). */
    public static void awaitActive(DynamoDbClient client, String name) {
        Duration poll = Duration.ofMillis(20);
        Duration maxWait = Duration.ofSeconds(10);
        try (DynamoDbWaiter waiter = client.waiter()) {
            waiter.waitUntilTableExists(r -> r.tableName(name), w -> w
                    .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll))
                    .maxAttempts((int) (maxWait.toMillis() / poll.toMillis()))
                    .waitTimeout(maxWait));
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
