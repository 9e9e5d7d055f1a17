package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secrets;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.config.UseCaseStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restaurant tool function talks to: the use cases, the orders, the SMS sender and the clock. The real
 * adapters come from the environment, once per container ({@link #fromEnv}, {@link #fromEnvWithSms}):
 * {@code TABLE_NAME} (and what {@link AwsClients} reads); for SMS {@code TWILIO_ACCOUNT_SID},
 * {@code SMS_FROM_NUMBER}, the auth token as {@code TWILIO_AUTH_TOKEN} (local) or
 * {@code TWILIO_AUTH_TOKEN_SECRET_ARN} (deployed), and optionally {@code TWILIO_API_BASE_URL}. Tests and the local
 * stack pass their own.
 */
public record RestaurantPorts(UseCaseStore useCases, OrderStore orders, SmsSender sms, InstantSource clock) {

    /** The stores on {@code TABLE_NAME}; no SMS (only the SMS function texts, see {@link #fromEnvWithSms}). */
    public static RestaurantPorts fromEnv(Env env) {
        return fromEnv(env, AwsClients.from(env), SmsSender.notConfigured("this function sends no SMS"));
    }

    /** The stores on {@code TABLE_NAME} and Twilio SMS as configured in {@code env} ({@link #sms}). */
    public static RestaurantPorts fromEnvWithSms(Env env) {
        AwsClients aws = AwsClients.from(env);
        return fromEnv(env, aws, sms(env, aws));
    }

    private static RestaurantPorts fromEnv(Env env, AwsClients aws, SmsSender sms) {
        String table = env.require("TABLE_NAME");
        InstantSource clock = InstantSource.system();
        return new RestaurantPorts(new DynamoUseCaseStore(aws.dynamoDb(), table),
                new DynamoOrderStore(aws.dynamoDb(), table, clock), sms, clock);
    }

    /**
     * Twilio when account SID, from number and a token source are all set; otherwise a sender that says so. The
     * token comes through {@link Secrets#resolve}: deployed, it is read from Secrets Manager when the SMS function
     * starts (a wrong ARN fails its init), and again after Twilio rejects it.
     */
    static SmsSender sms(Env env, AwsClients aws) {
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
        return new TwilioSmsSender(env.get("TWILIO_API_BASE_URL", TwilioSmsSender.DEFAULT_BASE_URL),
                env.require("TWILIO_ACCOUNT_SID"), env.require("SMS_FROM_NUMBER"),
                Secrets.resolve(env, "TWILIO_AUTH_TOKEN", aws));
    }
}
