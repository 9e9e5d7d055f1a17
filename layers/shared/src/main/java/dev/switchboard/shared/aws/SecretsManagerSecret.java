package dev.switchboard.shared.aws;

import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret held in AWS Secrets Manager as a plain {@code SecretString} (the OpenAI API key, the Twilio auth
 * token), served from memory.
 *
 * <p><b>When it is read.</b> Once when constructed, during Lambda init: a wrong ARN, a missing permission or a
 * binary secret fails the init, so a deployment mistake shows when the version is published rather than on the
 * first call. With SnapStart the init runs once, when the version is published, and its memory is snapshotted;
 * the value is <em>forgotten before the checkpoint</em> (a CRaC hook), so no snapshot holds the secret or the time
 * it was read, and every environment restored from the snapshot reads the current value on first use. That first
 * use pays one Secrets Manager round trip (tens of milliseconds; the hook primes the request path with a
 * {@code GetSecretValue} stopped before it is sent, see {@link SdkPriming}); re-reading in {@code afterRestore}
 * instead would cost the same on every restore, inside the 10 s restore limit, whether or not the secret is
 * needed. Without SnapStart (the local stack, {@code $LATEST}) the hook never runs and the value read at init is
 * used.
 *
 * <p><b>Rotation.</b> {@link #refresh} reads it again after the service it is for rejected it, at most once per
 * {@link #MIN_REFRESH_INTERVAL}, so a wrong key or a stream of forged requests cannot turn into a Secrets Manager
 * call per request.
 */
public final class SecretsManagerSecret implements Secret, Resource {

    /** The shortest time between two reads of the same secret. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMinutes(1);

    private record Read(String value, Instant at) {
    }

    private final SecretsManagerClient client;
    private final String secretId;
    private final InstantSource clock;
    /** The value and when it was read; null after the checkpoint until the first use. */
    private volatile Read current;

    /**
     * Reads the secret now, and forgets it before a SnapStart checkpoint.
     *
     * @param secretId the secret's ARN (or name)
     * @throws IllegalStateException when it cannot be read or holds no text: a deployment mistake, seen at init
     */
    public SecretsManagerSecret(SecretsManagerClient client, String secretId) {
        this(client, secretId, InstantSource.system());
        Core.getGlobalContext().register(this);
    }

    /** Reads the secret now; not registered for checkpoints (tests drive the hooks themselves). */
    SecretsManagerSecret(SecretsManagerClient client, String secretId, InstantSource clock) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
        this.current = read();
    }

    @Override
    public String value() {
        Read read = current;
        if (read == null) {
            synchronized (this) {
                read = current;
                if (read == null) {
                    read = read();
                    current = read;
                    Log.info("secret.read", "secret", secretId, "reason", "first use after restore");
                }
            }
        }
        return read.value();
    }

    @Override
    public synchronized boolean refresh() {
        Instant now = clock.instant();
        Read previous = current;
        if (previous != null && now.isBefore(previous.at().plus(MIN_REFRESH_INTERVAL))) {
            return false;
        }
        try {
            Read fresh = read();
            boolean changed = previous == null || !fresh.value().equals(previous.value());
            current = fresh;
            Log.info("secret.refreshed", "secret", secretId, "changed", changed);
            return changed;
        } catch (RuntimeException e) {
            if (previous != null) {
                // count the failed attempt, so that a Secrets Manager outage is not hit once per request
                current = new Read(previous.value(), now);
            }
            Log.warn("secret.refresh_failed", "secret", secretId, "error", e.getClass().getSimpleName());
            return false;
        }
    }

    /** Forgets the value (the snapshot must not hold it) and primes the read that follows the restore. */
    @Override
    public synchronized void beforeCheckpoint(Context<? extends Resource> context) {
        current = null;
        Priming.of("secret", Priming.step("secretsmanager-getsecretvalue", () -> {
            try (SdkPriming sdk = SdkPriming.fromEnv(); SecretsManagerClient dryRun = sdk.secretsManager()) {
                sdk.send(dryRun, secrets -> secrets.getSecretValue(request -> request.secretId(secretId)));
            }
        })).run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // read on first use, not here: see the class comment
    }

    private Read read() {
        String text;
        try {
            text = client.getSecretValue(request -> request.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read secret " + secretId + " from Secrets Manager: "
                    + e.getMessage(), e);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("Secret " + secretId + " has no SecretString: store the value as text");
        }
        return new Read(text.strip(), clock.instant());
    }
}
