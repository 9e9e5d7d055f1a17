package dev.switchboard.shared.aws;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SnapStart priming of AWS SDK calls without sending anything: clients whose every request runs the SDK's whole
 * request pipeline (endpoint rules, validation, marshalling, SigV4 signing) and is stopped by an interceptor just
 * before transmission. That loads and initialises what a real client's first call would, on the init path
 * instead of the first caller's.
 *
 * <p>The clients sign with fixed dummy credentials: the real credential chain is never consulted before the
 * snapshot (credentials resolved during init would be captured in it and go stale). Close a client after use.
 *
 * <pre>{@code
 * try (SdkPriming sdk = SdkPriming.fromEnv(); DynamoDbClient dynamoDb = sdk.dynamoDb()) {
 *     sdk.send(dynamoDb, db -> db.getItem(request));
 * }
 * }</pre>
 */
public final class SdkPriming implements AutoCloseable {

    private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("SNAPSTARTPRIMING", "not-a-secret"));

    private final Region region;
    private final SdkHttpClient httpClient;
    private final AtomicInteger stopped = new AtomicInteger();
    private volatile SdkHttpRequest lastStopped;

    SdkPriming(Region region, SdkHttpClient httpClient) {
        this.region = region;
        this.httpClient = httpClient;
    }

    /** For this container's region ({@code AWS_REGION}), with an HTTP client that never gets to send. */
    public static SdkPriming fromEnv() {
        return new SdkPriming(Region.of(Env.system().get("AWS_REGION", "us-east-1")),
                UrlConnectionHttpClient.builder().build());
    }

    /**
     * The priming step every function that reads the table shares: a {@code GetItem} of the sample use case's
     * key, stopped before it is sent (the table name only has to be valid).
     */
    public static Priming.Step dynamoDbGetItem() {
        return Priming.step("dynamodb-getitem", () -> {
            try (SdkPriming sdk = fromEnv(); DynamoDbClient dynamoDb = sdk.dynamoDb()) {
                sdk.send(dynamoDb, db -> db.getItem(GetItemRequest.builder().tableName("snapstart-priming")
                        .key(ConfigKeys.useCase(PrimingSamples.USE_CASE_ID)).consistentRead(false).build()));
            }
        });
    }

    /** A DynamoDB client whose requests stop before transmission. */
    public DynamoDbClient dynamoDb() {
        return dryRun(DynamoDbClient.builder()).build();
    }

    /** An API Gateway management client for {@code endpoint} whose requests stop before transmission. */
    public ApiGatewayManagementApiClient management(URI endpoint) {
        return dryRun(ApiGatewayManagementApiClient.builder()).endpointOverride(endpoint).build();
    }

    /** A Secrets Manager client whose requests stop before transmission. */
    public SecretsManagerClient secretsManager() {
        return dryRun(SecretsManagerClient.builder()).build();
    }

    /**
     * Runs SDK calls on a client from this class, which stops each just before sending. {@code calls} may also be
     * our own adapter working on that client (its request building is primed too); an adapter that swallows the
     * stop is fine.
     *
     * @throws IllegalStateException when no request reached transmission, or one failed in some other way (it did
     *                               not reach the network either: the request could not be built, which the real
     *                               call would hit too)
     */
    public <C> void send(C client, Consumer<C> calls) {
        int before = stopped.get();
        try {
            calls.accept(client);
        } catch (RuntimeException e) {
            if (stopped.get() > before && causedByStop(e)) {
                return;
            }
            throw new IllegalStateException("SDK priming call failed before transmission: " + e, e);
        }
        if (stopped.get() == before) {
            throw new IllegalStateException("SDK priming call returned without reaching transmission");
        }
    }

    /** How many requests reached the point of transmission (and were stopped there). */
    public int requestsStopped() {
        return stopped.get();
    }

    /** The last request stopped, signed and ready to send (for tests). */
    SdkHttpRequest lastStopped() {
        return lastStopped;
    }

    /** Closes the HTTP client (clients built here leave it open: it was given to them). */
    @Override
    public void close() {
        httpClient.close();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B dryRun(B builder) {
        return builder.region(region)
                .httpClient(httpClient)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new StopBeforeTransmission()));
    }

    private static boolean causedByStop(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    /** Thrown where the HTTP request would be sent; not an SDK exception, so no retry strategy retries it. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped before transmission (SnapStart priming)", null, false, false);
        }
    }

    private final class StopBeforeTransmission implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            lastStopped = context.httpRequest();
            stopped.incrementAndGet();
            throw new Stopped();
        }
    }
}
