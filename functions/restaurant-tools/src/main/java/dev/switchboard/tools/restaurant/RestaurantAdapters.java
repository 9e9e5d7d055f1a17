package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.UseCaseStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The real adapters of a restaurant tool function, built once per container from the environment:
 * {@code TABLE_NAME} (and what {@link AwsClients} reads); for SMS {@code TWILIO_ACCOUNT_SID},
 * {@code SMS_FROM_NUMBER}, the auth token as {@code TWILIO_AUTH_TOKEN} (local) or
 * {@code TWILIO_AUTH_TOKEN_SECRET_ARN} (deployed), and optionally {@code TWILIO_API_BASE_URL}.
 */
record RestaurantAdapters(UseCaseStore useCases, OrderStore orders, InstantSource clock, Env env,
                          UnaryOperator<String> secrets) {

    static RestaurantAdapters fromEnv(Env env) {
        String table = env.require("TABLE_NAME");
        AwsClients aws = AwsClients.from(env);
        InstantSource clock = InstantSource.system();
        return new RestaurantAdapters(new DynamoUseCaseStore(aws.dynamoDb(), table),
                new DynamoOrderStore(aws.dynamoDb(), table, clock), clock, env, arn -> secret(aws, arn));
    }

    /** Twilio when account SID, from number and a token source are all set; otherwise a sender that says so. */
    SmsSender sms() {
        List<String> missing = new ArrayList<>();
        if (env.get("TWILIO_ACCOUNT_SID").isEmpty()) {
            missing.add("TWILIO_ACCOUNT_SID");
        }
        if (env.get("SMS_FROM_NUMBER").isEmpty()) {
            missing.add("SMS_FROM_NUMBER");
        }
        if (env.get("TWILIO_AUTH_TOKEN").isEmpty() && env.get("TWILIO_AUTH_TOKEN_SECRET_ARN").isEmpty()) {
            missing.add("TWILIO_AUTH_TOKEN or TWILIO_AUTH_TOKEN_SECRET_ARN");
        }
        if (!missing.isEmpty()) {
            return SmsSender.notConfigured(String.join(", ", missing));
        }
        Supplier<String> authToken = env.get("TWILIO_AUTH_TOKEN")
                .<Supplier<String>>map(token -> () -> token)
                .orElseGet(() -> () -> secrets.apply(env.require("TWILIO_AUTH_TOKEN_SECRET_ARN")));
        return new TwilioSmsSender(env.get("TWILIO_API_BASE_URL", TwilioSmsSender.DEFAULT_BASE_URL),
                env.require("TWILIO_ACCOUNT_SID"), env.require("SMS_FROM_NUMBER"), authToken);
    }

    /** A secret's value from Secrets Manager, read once when the first text is sent. */
    private static String secret(AwsClients aws, String arn) {
        try (SecretsManagerClient secrets = aws.configure(SecretsManagerClient.builder()).build()) {
            return secrets.getSecretValue(r -> r.secretId(arn)).secretString().trim();
        }
    }
}
