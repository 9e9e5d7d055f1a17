package dev.switchboard.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.Env;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:switchboard/twilio-AbCdEf";

    private final FakeSecretsManager secretsManager = new FakeSecretsManager();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final Supplier<SecretsManagerClient> clients = () -> {
        clientsBuilt.incrementAndGet();
        return secretsManager.client();
    };

    SecretsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void takesTheValueFromTheEnvironmentLocallyWithoutTouchingSecretsManager() {
        Env env = Env.of(Map.of("TWILIO_AUTH_TOKEN", "local-token", "TWILIO_AUTH_TOKEN_SECRET_ARN", ARN));

        Secret secret = Secrets.resolve(env, "TWILIO_AUTH_TOKEN", clients);

        assertThat(secret.value()).isEqualTo("local-token");
        assertThat(secret.refresh()).isFalse();
        assertThat(clientsBuilt).hasValue(0);
        assertThat(secretsManager.calls()).isEmpty();
    }

    @Test
    void readsSecretsManagerWhenOnlyTheArnIsSet() {
        secretsManager.put(ARN, "deployed-token");

        Secret secret = Secrets.resolve(Env.of(Map.of("TWILIO_AUTH_TOKEN_SECRET_ARN", ARN)), "TWILIO_AUTH_TOKEN", clients);

        assertThat(secret).isInstanceOf(SecretsManagerSecret.class);
        assertThat(secret.value()).isEqualTo("deployed-token");
        assertThat(secretsManager.calls()).extracting(FakeSecretsManager.Call::secretId).containsExactly(ARN);
    }

    @Test
    void failsAtInitNamingBothVariablesWhenNeitherIsSet() {
        assertThatThrownBy(() -> Secrets.resolve(Env.of(Map.of("TWILIO_AUTH_TOKEN", "  ")), "TWILIO_AUTH_TOKEN", clients))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TWILIO_AUTH_TOKEN ").hasMessageContaining("TWILIO_AUTH_TOKEN_SECRET_ARN");
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void buildsItsClientFromTheContainersAwsClients() {
        AwsClients aws = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1")));

        Secret secret = Secrets.resolve(Env.of(Map.of("OPENAI_API_KEY", "sk-local")), "OPENAI_API_KEY", aws);

        assertThat(secret.value()).isEqualTo("sk-local");
    }
}
