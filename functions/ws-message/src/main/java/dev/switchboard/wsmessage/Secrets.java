package dev.switchboard.wsmessage;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads a secret once per container: {@code NAME} from the environment (local stack, tests), else the Secrets
 * Manager secret whose ARN is in {@code NAME_SECRET_ARN} (deployed).
 */
final class Secrets {

    private Secrets() {
    }

    static Secret resolve(Env env, String name, AwsClients aws) {
        if (env.get(name).isPresent()) {
            return Secret.fromEnv(env, name);
        }
        String arn = env.get(name + "_SECRET_ARN").orElseThrow(() ->
                new IllegalStateException("Set " + name + " or " + name + "_SECRET_ARN"));
        try (SecretsManagerClient client = aws.configure(SecretsManagerClient.builder()).build()) {
            return Secret.of(client.getSecretValue(b -> b.secretId(arn)).secretString());
        }
    }
}
