package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.tools.DynamoUseCaseSource;
import dev.switchboard.shared.tools.UseCaseSource;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The real adapters of a restaurant tool function, built once per container from the environment:
 * {@code TABLE_NAME}, {@code AWS_REGION}, optional {@code DYNAMODB_ENDPOINT}; for SMS {@code TWILIO_ACCOUNT_SID},
 * {@code SMS_FROM_NUMBER}, and the auth token as {@code TWILIO_AUTH_TOKEN} (local) or
 * {@code TWILIO_AUTH_TOKEN_SECRET_ARN} (deployed), optional {@code TWILIO_API_BASE_URL}.
 */
record RestaurantAdapters(UseCaseSource useCases, OrderStore orders, InstantSource clock, Map<String, String> env) {

    static RestaurantAdapters fromEnv(Map<String, String> env) {
        String table = value(env, "TABLE_NAME");
        if (table.isEmpty()) {
            throw new IllegalStateException("Environment variable TABLE_NAME is not set");
        }
        Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
        DynamoDbClientBuilder builder = DynamoDbClient.builder().region(region)
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = value(env, "DYNAMODB_ENDPOINT");
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        DynamoDbClient dynamoDb = builder.build();
        InstantSource clock = InstantSource.system();
        return new RestaurantAdapters(new DynamoUseCaseSource(dynamoDb, table),
                new DynamoOrderStore(dynamoDb, table, clock), clock, Map.copyOf(env));
    }

    /** Twilio when account SID, from number and a token source are all set; otherwise a sender that says so. */
    SmsSender sms() {
        String sid = value(env, "TWILIO_ACCOUNT_SID");
        String from = value(env, "SMS_FROM_NUMBER");
        String token = value(env, "TWILIO_AUTH_TOKEN");
        String secretArn = value(env, "TWILIO_AUTH_TOKEN_SECRET_ARN");
        List<String> missing = new ArrayList<>();
        if (sid.isEmpty()) {
            missing.add("TWILIO_ACCOUNT_SID");
        }
        if (from.isEmpty()) {
            missing.add("SMS_FROM_NUMBER");
        }
        if (token.isEmpty() && secretArn.isEmpty()) {
            missing.add("TWILIO_AUTH_TOKEN or TWILIO_AUTH_TOKEN_SECRET_ARN");
        }
        if (!missing.isEmpty()) {
            return SmsSender.notConfigured(String.join(", ", missing));
        }
        Supplier<String> authToken = token.isEmpty() ? () -> secret(secretArn) : () -> token;
        String base = value(env, "TWILIO_API_BASE_URL");
        return new TwilioSmsSender(base.isEmpty() ? TwilioSmsSender.DEFAULT_BASE_URL : base, sid, from, authToken);
    }

    private String secret(String arn) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return secrets.getSecretValue(r -> r.secretId(arn)).secretString().trim();
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v.trim();
    }
}
