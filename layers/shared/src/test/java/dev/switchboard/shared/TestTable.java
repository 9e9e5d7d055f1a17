package dev.switchboard.shared;

import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The in-process DynamoDB-compatible server with a fresh table shaped like template.yaml's (pk/sk strings), and a
 * real SDK client that does not retry (so an injected outage fails at once).
 */
public final class TestTable implements AutoCloseable {

    public final LocalDynamoDb server;
    public final DynamoDbClient client;
    public final String name = "switchboard-" + UUID.randomUUID();

    public TestTable() {
        server = LocalDynamoDb.start();
        client = DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** Makes every request fail like a DynamoDB outage. */
    public void fail() {
        server.failRequests("*", 500, "InternalServerError");
    }

    public void recover() {
        server.clearFailures();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
