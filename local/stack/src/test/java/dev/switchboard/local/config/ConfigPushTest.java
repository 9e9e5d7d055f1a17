package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link ConfigPush#createTable}: waits for ACTIVE, then enables TTL, failing or warning as the target calls for. */
class ConfigPushTest {

    private final LocalDynamoDb server = LocalDynamoDb.start();
    private final DynamoDbClient client = TableFixture.client(server,
            ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void waitsUntilTheNewTableIsActiveThenEnablesTimeToLive() {
        server.createTableDelay(Duration.ofMillis(400));

        ConfigPush.TableSetup setup = ConfigPush.toEmulator(client, "switchboard-t").createTable();

        assertThat(setup).isEqualTo(new ConfigPush.TableSetup(true, List.of()));
        assertThat(client.describeTable(b -> b.tableName("switchboard-t")).table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
        assertThat(client.describeTimeToLive(b -> b.tableName("switchboard-t")).timeToLiveDescription()
                .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    }

    @Test
    void leavesAnExistingTableAsItIs() {
        TableFixture.createTable(client, "switchboard-t");

        assertThat(ConfigPush.toEmulator(client, "switchboard-t").createTable().created()).isFalse();
        assertThat(client.describeTimeToLive(b -> b.tableName("switchboard-t")).timeToLiveDescription()
                .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void warnsWhenAnEmulatorLacksUpdateTimeToLive() {
        server.failRequests("UpdateTimeToLive", 400, "com.amazon.coral.service#UnknownOperationException");

        ConfigPush.TableSetup setup = ConfigPush.toEmulator(client, "switchboard-t").createTable();

        assertThat(setup.created()).isTrue();
        assertThat(setup.warnings()).singleElement().asString()
                .contains("does not implement UpdateTimeToLive, so TTL on expiresAt is off");
    }

    @Test
    void failsWhenAwsRefusesTimeToLive() {
        server.createTableDelay(Duration.ZERO);
        server.failRequests("UpdateTimeToLive", 400, "LimitExceededException");

        assertThatThrownBy(() -> ConfigPush.toAws(client, "switchboard-t").createTable())
                .isInstanceOf(ConfigPush.TableSetupException.class)
                .hasMessageContaining("Created table switchboard-t but could not enable TTL on expiresAt")
                .hasMessageContaining("LimitExceededException")
                .hasMessageContaining("aws dynamodb update-time-to-live --table-name switchboard-t");
    }

    @Test
    void failsWhenAwsAnswersUnknownOperationToo() {
        server.createTableDelay(Duration.ZERO);
        server.failRequests("UpdateTimeToLive", 400, "com.amazon.coral.service#UnknownOperationException");

        assertThatThrownBy(() -> ConfigPush.toAws(client, "switchboard-t").createTable())
                .isInstanceOf(ConfigPush.TableSetupException.class);
    }

    @Test
    void givesUpWaitingAfterTheBound() {
        server.createTableDelay(Duration.ofMinutes(5));
        client.createTable(b -> b.tableName("switchboard-slow").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));

        assertThatThrownBy(() -> ConfigPush.awaitActive(client, "switchboard-slow", Duration.ofMillis(50),
                Duration.ofSeconds(1)))
                .isInstanceOf(ConfigPush.TableSetupException.class)
                .hasMessageStartingWith("Table switchboard-slow did not become ACTIVE within 1 s");
    }
}
