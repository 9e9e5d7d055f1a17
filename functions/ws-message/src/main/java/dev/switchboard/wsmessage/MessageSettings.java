package dev.switchboard.wsmessage;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secrets;
import java.net.URI;
import java.time.Duration;

/**
 * The message function's configuration, read once per container.
 *
 * @param tableName          {@code TABLE_NAME}
 * @param managementEndpoint {@code MANAGEMENT_API_ENDPOINT}: {@code https://{apiId}.execute-api.{region}.amazonaws.com/{stage}}
 * @param openAi             {@code OPENAI_API_KEY} / {@code OPENAI_API_KEY_SECRET_ARN}, {@code OPENAI_BASE_URL},
 *                           {@code OPENAI_MODEL} (default {@value #DEFAULT_MODEL}), {@code OPENAI_TOKEN_TIMEOUT_MS}
 *                           (default 8000), {@code OPENAI_REQUEST_TIMEOUT_MS} (default 40000: below the 60 s Lambda
 *                           timeout), {@code OPENAI_MAX_RETRIES} (0 or 1, default 1)
 */
record MessageSettings(String tableName, URI managementEndpoint, OpenAiLlm.Settings openAi) {

    static final String DEFAULT_MODEL = "gpt-4o-mini";

    static MessageSettings fromEnv(Env env, AwsClients aws) {
        return new MessageSettings(env.require("TABLE_NAME"), URI.create(env.require("MANAGEMENT_API_ENDPOINT")),
                new OpenAiLlm.Settings(Secrets.resolve(env, "OPENAI_API_KEY", aws),
                        env.get("OPENAI_BASE_URL", ""), env.get("OPENAI_MODEL", DEFAULT_MODEL),
                        Duration.ofSeconds(3),
                        Duration.ofMillis(env.getInt("OPENAI_TOKEN_TIMEOUT_MS", 8_000)),
                        Duration.ofMillis(env.getInt("OPENAI_REQUEST_TIMEOUT_MS", 40_000)),
                        env.getInt("OPENAI_MAX_RETRIES", 1)));
    }
}
