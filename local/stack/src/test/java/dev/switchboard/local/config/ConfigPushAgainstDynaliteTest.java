package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.local.dynalite.Dynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./switchboard config push --create-table} end to end against dynalite, whose tables stay CREATING for a
 * while as DynamoDB's do (the push used to write at once and fail). dynalite has no UpdateTimeToLive: the push
 * warns and goes on; that TTL gets enabled is checked against LocalDynamoDb in {@link ConfigCommandTest}.
 */
class ConfigPushAgainstDynaliteTest {

    private static Dynalite dynalite;
    private static DynamoDbClient client;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start(Duration.ofMillis(1500));
        client = client();
    }

    @AfterAll
    static void stop() {
        if (dynalite != null) {
            client.close();
            dynalite.close();
        }
    }

    private static DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private int push(String table) {
        ConfigCommand command = new ConfigCommand(Env.of(Map.of()), target -> client());
        return command.run(List.of("push", "--dir", ConfigFilesTest.REPO_CONFIGS.toString(), "--table", table,
                        "--endpoint", dynalite.endpoint().toString(), "--create-table"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        return client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    }

    @Test
    void createsTheTableWaitsForItAndWritesEveryItem() {
        int code = push("switchboard-push");

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Created table switchboard-push.")
                .contains("Pushed 2 use cases, 2 routes and 2 caller profiles to switchboard-push at "
                        + dynalite.endpoint());
        assertThat(stderr).contains("does not implement UpdateTimeToLive, so TTL on expiresAt is off");

        ConfigSet set = ConfigFiles.load(ConfigFilesTest.REPO_CONFIGS);
        int items = 0;
        for (UseCaseFile useCase : set.useCases()) {
            assertThat(get("switchboard-push", ConfigKeys.useCase(useCase.id())).get("source").s())
                    .isEqualTo("configs/" + useCase.file());
            items++;
            for (String number : useCase.numbers()) {
                assertThat(get("switchboard-push", ConfigKeys.route(number)).get("useCaseId").s()).isEqualTo(useCase.id());
                items++;
            }
            if (useCase.defaultRoute()) {
                assertThat(get("switchboard-push", ConfigKeys.route(ConfigKeys.DEFAULT_ROUTE)).get("useCaseId").s())
                        .isEqualTo(useCase.id());
                items++;
            }
        }
        for (CallerProfile caller : set.callers()) {
            assertThat(new DynamoCallerProfileStore(client, "switchboard-push").find(caller.number())).contains(caller);
            items++;
        }
        assertThat(client.scan(b -> b.tableName("switchboard-push").consistentRead(true)).count()).isEqualTo(items);
    }

    @Test
    void pushesAgainIntoTheTableItCreatedBefore() {
        assertThat(push("switchboard-again")).isZero();
        out.reset();

        assertThat(push("switchboard-again")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Table switchboard-again exists.")
                .contains("Pushed 2 use cases");
    }
}
