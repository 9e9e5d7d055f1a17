package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class LocalDynamoDbFaultTest {
    DynamoFixture fixture;
    DynamoDbClient threeAttempts;
    String table;

    @BeforeEach
    void start() {
        fixture = new DynamoFixture();
        threeAttempts = TableFixture.client(fixture.server,
                ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(3)).build());
        table = fixture.pkSkTable();
        fixture.server.resetCounts();
    }

    @AfterEach
    void stop() {
        threeAttempts.close();
        fixture.close();
    }

    @Test
    void simulatesAnOutageThatTheSdkRetriesAndThenReports() {
        fixture.server.failRequests("*", 500, "InternalServerError");

        assertThatThrownBy(() -> threeAttempts.getItem(b -> b.tableName(table)
                .key(item("pk", s("p"), "sk", s("s")))))
                .isInstanceOfSatisfying(InternalServerErrorException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(fixture.server.requestCounts()).containsEntry("GetItem", 3L);

        fixture.server.clearFailures();
        fixture.server.resetCounts();
        assertThat(threeAttempts.getItem(b -> b.tableName(table).key(item("pk", s("p"), "sk", s("s")))).hasItem())
                .isFalse();
        assertThat(fixture.server.requestCounts()).containsEntry("GetItem", 1L);
    }

    @Test
    void failsOnlyTheNamedOperation() {
        fixture.server.failRequests("PutItem", 400, "ProvisionedThroughputExceededException");

        assertThatThrownBy(() -> threeAttempts.putItem(b -> b.tableName(table)
                .item(item("pk", s("p"), "sk", s("s")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        threeAttempts.getItem(b -> b.tableName(table).key(item("pk", s("p"), "sk", s("s"))));

        assertThat(fixture.server.requestCounts()).containsEntry("PutItem", 3L).containsEntry("GetItem", 1L);
    }

    @Test
    void delaysAnswersByTheInjectedLatency() {
        DynamoDbClient impatient = TableFixture.client(fixture.server, ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(2)).apiCallAttemptTimeout(Duration.ofMillis(300)).build());
        try {
            fixture.server.latency(Duration.ofSeconds(5));

            assertThatThrownBy(() -> impatient.getItem(b -> b.tableName(table)
                    .key(item("pk", s("p"), "sk", s("s")))))
                    .isInstanceOfAny(ApiCallAttemptTimeoutException.class, SdkClientException.class);
            assertThat(fixture.server.requestCounts()).containsEntry("GetItem", 2L);

            fixture.server.latency(Duration.ZERO);
            fixture.server.resetCounts();
            impatient.getItem(b -> b.tableName(table).key(item("pk", s("p"), "sk", s("s"))));
            assertThat(fixture.server.requestCounts()).containsEntry("GetItem", 1L);
        } finally {
            impatient.close();
        }
    }

    @Test
    void countsRequestsPerOperationUntilReset() {
        fixture.client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("s"))));
        fixture.client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("t"))));
        fixture.client.getItem(b -> b.tableName(table).key(item("pk", s("p"), "sk", s("s"))));

        assertThat(fixture.server.requestCounts()).containsEntry("PutItem", 2L).containsEntry("GetItem", 1L);
        fixture.server.resetCounts();
        assertThat(fixture.server.requestCounts()).isEmpty();
    }
}
