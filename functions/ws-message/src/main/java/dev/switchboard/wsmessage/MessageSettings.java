package dev.switchboard.wsmessage;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secrets;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.net.URI;
import java.time.Duration;

/**
 * The message function's configuration, read once per container.
 *
 * @param tableName          {@code TABLE_NAME}
 * @param managementEndpoint {@code MANAGEMENT_API_ENDPOINT}: {@code https://{apiId}.execute-api.{region}.amazonaws.com/{stage}}
 * @param integrationTimeout {@code INTEGRATION_TIMEOUT_MS}: how long API Gateway waits for a {@code $default}
 *                           invocation (default and maximum {@value TurnBudget#INTEGRATION_TIMEOUT_MS}, API Gateway's
 *                           fixed limit; the local stack sets less to test the budget in seconds); each turn's
 *                           {@link TurnBudget} is derived from it
 * @param openAi             {@code OPENAI_API_KEY} / {@code OPENAI_API_KEY_SECRET_ARN}, {@code OPENAI_BASE_URL},
 *                           {@code OPENAI_MODEL} (default {@value #DEFAULT_MODEL}), {@code OPENAI_TOKEN_TIMEOUT_MS}
 *                           (default 8000), {@code OPENAI_REQUEST_TIMEOUT_MS} (default 40000: below the 60 s Lambda
 *                           timeout, for the tool continuation; a {@code $default} turn's requests are held to its
 *                           budget, 25 s after the frame's request time at most), {@code OPENAI_MAX_RETRIES} (0 or 1,
 *                           default 1)
 */
record MessageSettings(String tableName, URI managementEndpoint, Duration integrationTimeout,
                       OpenAiLlm.Settings openAi) {

    static final String DEFAULT_MODEL = "gpt-4o-mini";

    static MessageSettings fromEnv(Env env, AwsClients aws) {
        long integrationMs = Math.min(TurnBudget.INTEGRATION_TIMEOUT_MS,
                env.getInt("INTEGRATION_TIMEOUT_MS", (int) TurnBudget.INTEGRATION_TIMEOUT_MS));
        return new MessageSettings(env.require("TABLE_NAME"), URI.create(env.require("MANAGEMENT_API_ENDPOINT")),
                Duration.ofMillis(integrationMs),
                new OpenAiLlm.Settings(Secrets.resolve(env, "OPENAI_API_KEY", aws),
                        env.get("OPENAI_BASE_URL", ""), env.get("OPENAI_MODEL", DEFAULT_MODEL),
                        Duration.ofSeconds(3),
                        Duration.ofMillis(env.getInt("OPENAI_TOKEN_TIMEOUT_MS", 8_000)),
                        Duration.ofMillis(env.getInt("OPENAI_REQUEST_TIMEOUT_MS", 40_000)),
                        env.getInt("OPENAI_MAX_RETRIES", 1)));
    }
}
