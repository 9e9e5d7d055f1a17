package dev.switchboard.shared.aws;

import dev.switchboard.shared.Env;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * AWS SDK clients, built once per container (during Lambda init, which SnapStart captures): the URL-connection
 * HTTP client, the region from {@code AWS_REGION}, the default credential chain, and the DynamoDB endpoint from
 * {@code DYNAMODB_ENDPOINT} when set (the local stack and tests).
 *
 * <p>With {@code DYNAMODB_ENDPOINT} set (a local DynamoDB-compatible server) the DynamoDB client signs with the
 * {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} of the given environment, or with dummy credentials
 * when it has none: local servers do not check them, and the local stack passes its environment as an
 * {@link Env} rather than through the process. Without an endpoint override the default credential chain applies
 * (never pinned environment credentials, which would go stale in a SnapStart snapshot).
 *
 * <p>Use {@link #shared()} in handlers' no-arg constructors. Clients of the other services the code calls (API
 * Gateway management, Step Functions, Secrets Manager: their SDK modules ship in the layer too) are built where
 * they are used, with {@link #configure}, so they get the same HTTP client and region. Building a client resolves
 * no credentials (the chain is consulted on the first call), so clients built during init hold nothing a
 * SnapStart snapshot must not keep; {@link SdkPriming} exercises their request path before the snapshot without
 * sending anything.
 */
public final class AwsClients {

    private static volatile AwsClients shared;

    private final Region region;
    /** {@code DYNAMODB_ENDPOINT}, empty for the region's own. */
    private final String dynamoDbEndpoint;
    private final SdkHttpClient httpClient;
    private final AwsBasicCredentials localCredentials;
    private volatile DynamoDbClient dynamoDb;

    AwsClients(Env env) {
        this.region = Region.of(env.get("AWS_REGION", "us-east-1"));
        this.dynamoDbEndpoint = env.get("DYNAMODB_ENDPOINT", "");
        this.httpClient = UrlConnectionHttpClient.builder().build();
        this.localCredentials = AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID", "local"),
                env.get("AWS_SECRET_ACCESS_KEY", "local"));
    }

    /** The container-wide instance, from the process environment. */
    public static AwsClients shared() {
        AwsClients instance = shared;
        if (instance == null) {
            synchronized (AwsClients.class) {
                instance = shared;
                if (instance == null) {
                    instance = new AwsClients(Env.system());
                    shared = instance;
                }
            }
        }
        return instance;
    }

    /** A separate instance for the given environment (the local stack, tests, the config command). */
    public static AwsClients from(Env env) {
        return new AwsClients(env);
    }

    public Region region() {
        return region;
    }

    public SdkHttpClient httpClient() {
        return httpClient;
    }

    public DynamoDbClient dynamoDb() {
        DynamoDbClient client = dynamoDb;
        if (client == null) {
            synchronized (this) {
                client = dynamoDb;
                if (client == null) {
                    var builder = configure(DynamoDbClient.builder());
                    if (!dynamoDbEndpoint.isEmpty()) {
                        builder.endpointOverride(URI.create(dynamoDbEndpoint))
                                .credentialsProvider(StaticCredentialsProvider.create(localCredentials));
                    }
                    client = builder.build();
                    dynamoDb = client;
                }
            }
        }
        return client;
    }

    /** Applies this container's region and HTTP client to any synchronous SDK client builder. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return builder.region(region).httpClient(httpClient);
    }
}
