package dev.switchboard.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.snapstart.Priming;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SdkPrimingTest {

    /** An HTTP client that counts what it is asked to send and fails it: priming must never get here. */
    private static final class NoNetwork implements SdkHttpClient {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.incrementAndGet();
            throw new AssertionError("priming sent " + request.httpRequest().getUri());
        }

        @Override
        public void close() {
        }
    }

    private final NoNetwork network = new NoNetwork();
    private final SdkPriming sdk = new SdkPriming(Region.EU_WEST_1, network);

    @Test
    void runsDynamoDbCallsUpToTransmissionAndSendsNothing() {
        try (DynamoDbClient dynamoDb = sdk.dynamoDb()) {
            sdk.send(dynamoDb, db -> db.getItem(r -> r.tableName("t").key(java.util.Map.of("pk", AttributeValue.fromS("x")))));
            sdk.send(dynamoDb, db -> db.query(r -> r.tableName("t").keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS("x")))));
        }

        assertThat(sdk.requestsStopped()).as("each request reached transmission once, no retries").isEqualTo(2);
        assertThat(network.requests).hasValue(0);
    }

    @Test
    void marshallsManagementApiRequestsForTheEndpoint() {
        try (ApiGatewayManagementApiClient management = sdk.management(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/prod"))) {
            sdk.send(management, m -> m.postToConnection(r -> r.connectionId("conn=").data(SdkBytes.fromUtf8String("{}"))));

            assertThat(sdk.requestsStopped()).isEqualTo(1);
            assertThatThrownBy(() -> sdk.send(management, m -> m.postToConnection(r -> r.data(SdkBytes.fromUtf8String("{}")))))
                    .as("the request really is marshalled: a missing path parameter fails there")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("before transmission");
        }
        assertThat(network.requests).hasValue(0);
    }

    @Test
    void signsWithItsOwnDummyCredentialsNotTheEnvironments() {
        try (DynamoDbClient dynamoDb = sdk.dynamoDb()) {
            sdk.send(dynamoDb, db -> db.describeTable(r -> r.tableName("t")));
        }

        assertThat(sdk.lastStopped().firstMatchingHeader("Authorization")).hasValueSatisfying(authorization ->
                assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=SNAPSTARTPRIMING/")
                        .contains("/eu-west-1/dynamodb/aws4_request"));
        assertThat(sdk.lastStopped().getUri().getHost()).isEqualTo("dynamodb.eu-west-1.amazonaws.com");
        assertThat(sdk.lastStopped().firstMatchingHeader("X-Amz-Target")).contains("DynamoDB_20120810.DescribeTable");
    }

    @Test
    void theSharedGetItemStepPrimesWithoutNetworkAndCanRunAgain() {
        Priming priming = Priming.of("test", SdkPriming.dynamoDbGetItem());

        assertThat(priming.run().ok()).isTrue();
        assertThat(priming.run().ok()).isTrue();
    }
}
