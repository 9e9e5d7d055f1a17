package dev.switchboard.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.Env;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void talksToTheDynamoDbEndpointOverrideWithoutCredentialsInTheEnvironment() {
        try (LocalDynamoDb server = LocalDynamoDb.start()) {
            AwsClients clients = AwsClients.from(Env.of(Map.of("DYNAMODB_ENDPOINT", server.endpoint().toString(),
                    "AWS_REGION", "eu-west-1")));

            assertThat(clients.dynamoDb().listTables().tableNames()).isEmpty();
            assertThat(clients.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(server.requestCounts()).containsEntry("ListTables", 1L);
        }
    }

    @Test
    void buildsTheDynamoDbClientOnce() {
        AwsClients clients = AwsClients.from(Env.of(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:1")));

        assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
    }

    @Test
    void readsASecretFromTheEnvironmentOrFailsNamingTheVariable() {
        assertThat(Secret.fromEnv(Env.of(Map.of("TWILIO_AUTH_TOKEN", "abc")), "TWILIO_AUTH_TOKEN").value()).isEqualTo("abc");
        assertThatThrownBy(() -> Secret.fromEnv(Env.of(Map.of()), "TWILIO_AUTH_TOKEN"))
                .hasMessageContaining("TWILIO_AUTH_TOKEN");
    }
}
