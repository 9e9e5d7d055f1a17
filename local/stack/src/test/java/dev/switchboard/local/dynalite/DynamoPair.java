package dev.switchboard.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link LocalDynamoDb} and {@link Dynalite} side by side, each with a real SDK client that never retries (a retry
 * would hide a difference). Both keep new tables CREATING for the same time.
 */
public final class DynamoPair implements AutoCloseable {

    /** One server: a name for assertion messages, its endpoint and a client for it. */
    public record Backend(String name, URI endpoint, DynamoDbClient client) {
    }

    private final LocalDynamoDb local;
    private final Dynalite dynalite;
    private final List<Backend> both;

    private DynamoPair(LocalDynamoDb local, Dynalite dynalite) {
        this.local = local;
        this.dynalite = dynalite;
        this.both = List.of(backend("LocalDynamoDb", local.endpoint()), backend("dynalite", dynalite.endpoint()));
    }

    /** Starts both (dynalite is skipped, with the test, where node and npm are missing). */
    public static DynamoPair start(Duration createTable) {
        Dynalite dynalite = Dynalite.start(createTable);
        LocalDynamoDb local = LocalDynamoDb.start();
        local.createTableDelay(createTable);
        return new DynamoPair(local, dynalite);
    }

    public Backend local() {
        return both.get(0);
    }

    public Backend dynalite() {
        return both.get(1);
    }

    public List<Backend> both() {
        return both;
    }

    /** Creates the product's pk/sk table on both and waits until both call it ACTIVE. */
    public void createTable(String name) {
        both.forEach(b -> TableFixture.createTable(b.client(), name));
    }

    /**
     * Runs {@code scenario} (calls to a product store, collecting what they return and what they left in the
     * table) against both servers and asserts that it saw the same on each.
     */
    public void sameOnBoth(Function<DynamoDbClient, List<Object>> scenario) {
        List<Object> local = scenario.apply(local().client());
        List<Object> reference = scenario.apply(dynalite().client());
        assertThat(local).isNotEmpty();
        assertThat(local).as("LocalDynamoDb (actual) against dynalite (expected)").containsExactlyElementsOf(reference);
    }

    /** Every item of one partition in sort-key order, read consistently. */
    public static List<Map<String, AttributeValue>> partition(DynamoDbClient client, String table, String pk) {
        return client.query(q -> q.tableName(table).keyConditionExpression("pk = :pk").consistentRead(true)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items();
    }

    private static Backend backend(String name, URI endpoint) {
        return new Backend(name, endpoint, DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    @Override
    public void close() {
        both.forEach(b -> b.client().close());
        local.close();
        dynalite.close();
    }
}
