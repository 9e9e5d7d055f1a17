package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class ConfigCommandTest {

    private static final Path CONFIGS = ConfigFilesTest.REPO_CONFIGS;

    private final LocalDynamoDb server = LocalDynamoDb.start();
    private final DynamoDbClient client = TableFixture.client(server);
    private final List<ConfigCommand.PushTarget> targets = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void validatesTheShippedConfigs() {
        assertThat(run(Env.of(Map.of()), "validate", CONFIGS.toString())).isZero();

        assertThat(stdout()).contains("2 use cases, 2 caller profiles, all valid")
                .contains("restaurant   4 tools  +15005550006")
                .contains("assistant    0 tools  default route");
    }

    @Test
    void findsTheConfigsThroughSwitchboardHome() {
        assertThat(run(Env.of(Map.of("SWITCHBOARD_HOME", "../..")), "validate")).isZero();
    }

    @Test
    void printsEveryProblemWithFileAndPathAndFails(@TempDir Path root) throws IOException {
        Path configs = copyConfigs(root);
        Files.writeString(configs.resolve("assistant.json"), Files.readString(configs.resolve("assistant.json"))
                .replace("\"dtmfDetection\": \"true\"", "\"dtmfDetection\": \"yes\""));

        assertThat(run(Env.of(Map.of()), "validate", configs.toString())).isEqualTo(1);

        assertThat(stderr()).contains(configs.resolve("assistant.json") + ": relay.dtmfDetection: 'yes' is not one of")
                .contains("1 problem in " + configs);
    }

    @Test
    void pushesUseCasesRoutesAndCallersThatTheStoresReadBack() {
        int code = run(Env.of(Map.of()), "push", "--dir", CONFIGS.toString(), "--table", "switchboard-local",
                "--endpoint", server.endpoint().toString(), "--create-table");

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("Created table switchboard-local with TTL on expiresAt.")
                .contains("Pushed 2 use cases, 2 routes and 2 caller profiles to switchboard-local at " + server.endpoint());
        assertThat(targets).singleElement().isEqualTo(new ConfigCommand.PushTarget("switchboard-local",
                java.util.Optional.of(server.endpoint().toString()), "us-east-1"));

        var useCases = new DynamoUseCaseStore(client, "switchboard-local");
        assertThat(useCases.useCaseIdFor("+15005550006")).isEqualTo("restaurant");
        assertThat(useCases.useCaseIdFor("+19995550000")).isEqualTo("assistant");
        LoadedUseCase restaurant = useCases.load("restaurant");
        assertThat(restaurant.problems()).isEmpty();
        UseCaseFile fromFile = ConfigFiles.load(CONFIGS).useCases().stream()
                .filter(u -> u.id().equals("restaurant")).findFirst().orElseThrow();
        assertThat(restaurant.useCase()).isEqualTo(fromFile.useCase());
        assertThat(new DynamoCallerProfileStore(client, "switchboard-local").find("+14155550124"))
                .map(CallerProfile::language).contains("es-US");
        var ttl = client.describeTimeToLive(b -> b.tableName("switchboard-local")).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void storesTheUseCaseAsNativeMapsAndListsWithThePromptInline() {
        int code = run(Env.of(Map.of()), "push", "--dir", CONFIGS.toString(), "--table", "switchboard-t",
                "--endpoint", server.endpoint().toString(), "--create-table");

        assertThat(code).as(stderr()).isZero();
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName("switchboard-t")
                .key(ConfigKeys.useCase("restaurant"))).item();

        assertThat(item.get("relay").hasM()).isTrue();
        assertThat(item.get("tools").hasL()).isTrue();
        assertThat(item.get("tools").l().get(0).m().get("parameters").hasM()).isTrue();
        assertThat(item.get("data").m().get("menu").l().get(0).m().get("sizes").m().get("small").n())
                .isEqualTo("11.99");
        assertThat(item.get("systemPrompt").s()).startsWith("You are the phone ordering assistant");
        assertThat(item).doesNotContainKeys("promptFile", "numbers", "defaultRoute", "$schema");
        assertThat(item.get("source").s()).isEqualTo("configs/restaurant.json");
    }

    @Test
    void pushesNothingWhenAConfigIsInvalid(@TempDir Path root) throws IOException {
        Path configs = copyConfigs(root);
        Files.writeString(configs.resolve("restaurant.json"), Files.readString(configs.resolve("restaurant.json"))
                .replace("\"function\": \"SendSms\"", "\"function\": \"\""));

        int code = run(Env.of(Map.of()), "push", "--dir", configs.toString(), "--table", "switchboard-t",
                "--endpoint", server.endpoint().toString(), "--create-table");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("tools[3].function").contains("Nothing was pushed.");
        assertThat(targets).isEmpty();
    }

    @Test
    void takesTableEndpointAndRegionFromTheEnvironment() {
        int code = run(Env.of(Map.of("TABLE_NAME", "from-env", "DYNAMODB_ENDPOINT", server.endpoint().toString(),
                "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "key")), "push", "--dir", CONFIGS.toString(),
                "--create-table");

        assertThat(code).as(stderr()).isZero();
        assertThat(targets).singleElement().isEqualTo(new ConfigCommand.PushTarget("from-env",
                java.util.Optional.of(server.endpoint().toString()), "eu-west-1"));
    }

    @Test
    void refusesToPushWithoutATable() {
        assertThat(run(Env.of(Map.of()), "push", "--dir", CONFIGS.toString())).isEqualTo(2);
        assertThat(stderr()).contains("No table");
    }

    @Test
    void reportsAFailedPush() {
        int code = run(Env.of(Map.of()), "push", "--dir", CONFIGS.toString(), "--table", "missing-table",
                "--endpoint", server.endpoint().toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("Push failed");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThat(run(Env.of(Map.of()), "push", "--force")).isEqualTo(2);
        assertThat(run(Env.of(Map.of()), "lint")).isEqualTo(2);
    }

    private int run(Env env, String... args) {
        ConfigCommand command = new ConfigCommand(env, target -> {
            targets.add(target);
            return DynamoDbClient.builder()
                    .endpointOverride(java.net.URI.create(target.endpoint().orElseThrow()))
                    .region(Region.of(target.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        });
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path copyConfigs(Path root) throws IOException {
        Path configs = Files.createDirectories(root.resolve("configs/schema"));
        Path prompts = Files.createDirectories(root.resolve("prompts"));
        try (Stream<Path> files = Files.walk(CONFIGS)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, root.resolve("configs").resolve(CONFIGS.relativize(f).toString()));
            }
        }
        try (Stream<Path> files = Files.list(CONFIGS.resolveSibling("prompts"))) {
            for (Path f : files.toList()) {
                Files.copy(f, prompts.resolve(f.getFileName()));
            }
        }
        return root.resolve("configs");
    }
}
