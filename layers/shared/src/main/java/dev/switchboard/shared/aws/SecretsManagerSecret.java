package dev.switchboard.shared.aws;

import dev.switchboard.shared.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret held in AWS Secrets Manager as a plain {@code SecretString} (the OpenAI API key, the Twilio auth
 * token). Read once when constructed, during Lambda init (a SnapStart snapshot keeps it, encrypted like the rest
 * of the snapshot), then served from memory. {@link #refresh} reads it again after the service it is for rejected
 * it, at most once per {@link #MIN_REFRESH_INTERVAL}, so a wrong key or a stream of forged requests cannot turn
 * into a Secrets Manager call per request.
 */
public final class SecretsManagerSecret implements Secret {

    /** The shortest time between two reads of the same secret. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMinutes(1);

    private final SecretsManagerClient client;
    private final String secretId;
    private final InstantSource clock;
    private volatile String value;
    private Instant readAt;

    /**
     * Reads the secret now.
     *
     * @param secretId the secret's ARN (or name)
     * @throws IllegalStateException when it cannot be read or holds no text: a deployment mistake, seen at init
     */
    public SecretsManagerSecret(SecretsManagerClient client, String secretId) {
        this(client, secretId, InstantSource.system());
    }

    SecretsManagerSecret(SecretsManagerClient client, String secretId, InstantSource clock) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
        try {
            this.value = read();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read secret " + secretId + " from Secrets Manager: "
                    + e.getMessage(), e);
        }
        this.readAt = clock.instant();
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public synchronized boolean refresh() {
        Instant now = clock.instant();
        if (now.isBefore(readAt.plus(MIN_REFRESH_INTERVAL))) {
            return false;
        }
        readAt = now;
        try {
            String fresh = read();
            boolean changed = !fresh.equals(value);
            value = fresh;
            Log.info("secret.refreshed", "secret", secretId, "changed", changed);
            return changed;
        } catch (RuntimeException e) {
            Log.warn("secret.refresh_failed", "secret", secretId, "error", e.getClass().getSimpleName());
            return false;
        }
    }

    private String read() {
        String text = client.getSecretValue(request -> request.secretId(secretId)).secretString();
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("Secret " + secretId + " has no SecretString: store the value as text");
        }
        return text.strip();
    }
}
