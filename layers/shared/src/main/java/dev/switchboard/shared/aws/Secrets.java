package dev.switchboard.shared.aws;

import dev.switchboard.shared.Env;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where a handler's secrets come from, decided once at init: environment variable {@code NAME} when it is set
 * (the local stack, tests), else the Secrets Manager secret whose ARN is in {@code NAME_SECRET_ARN} (deployed:
 * template.yaml sets only the ARN, never the value), else an init error naming both.
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret {@code name} (e.g. {@code OPENAI_API_KEY}), read now. */
    public static Secret resolve(Env env, String name, AwsClients aws) {
        return resolve(env, name, () -> aws.configure(SecretsManagerClient.builder()).build());
    }

    static Secret resolve(Env env, String name, Supplier<SecretsManagerClient> secretsManager) {
        var local = env.get(name);
        if (local.isPresent()) {
            return Secret.of(local.get());
        }
        String arnVariable = name + "_SECRET_ARN";
        String arn = env.get(arnVariable).orElseThrow(() -> new IllegalStateException(
                "Neither " + name + " (the value, for local runs) nor " + arnVariable
                        + " (the Secrets Manager secret, when deployed) is set"));
        return new SecretsManagerSecret(secretsManager.get(), arn);
    }
}
