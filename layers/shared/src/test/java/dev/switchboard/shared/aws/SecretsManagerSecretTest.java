package dev.switchboard.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsManagerSecretTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:switchboard/openai-AbCdEf";

    private final FakeSecretsManager secretsManager = new FakeSecretsManager();
    private final MovableClock clock = new MovableClock();

    SecretsManagerSecretTest() throws IOException {
    }

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    private SecretsManagerSecret secret() {
        return new SecretsManagerSecret(secretsManager.client(), ARN, clock);
    }

    @Test
    void readsTheSecretOnceWhenBuiltAndServesItFromMemory() {
        secretsManager.put(ARN, "sk-first");

        SecretsManagerSecret secret = secret();
        secretsManager.put(ARN, "sk-second");

        assertThat(secret.value()).isEqualTo("sk-first");
        assertThat(secret.value()).isEqualTo("sk-first");
        assertThat(secretsManager.calls()).singleElement().satisfies(call -> {
            assertThat(call.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(call.contentType()).startsWith("application/x-amz-json-1.1");
            assertThat(call.secretId()).isEqualTo(ARN);
            assertThat(call.signed()).as("SigV4-signed").isTrue();
        });
    }

    @Test
    void refreshReadsTheRotatedValueAndSaysItChanged() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        secretsManager.put(ARN, "sk-rotated");
        clock.advance(SecretsManagerSecret.MIN_REFRESH_INTERVAL);

        assertThat(secret.refresh()).isTrue();

        assertThat(secret.value()).isEqualTo("sk-rotated");
        assertThat(secretsManager.calls()).hasSize(2);
    }

    @Test
    void refreshOfAnUnchangedSecretSaysSoSoTheCallerDoesNotRetryInVain() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        clock.advance(Duration.ofMinutes(5));

        assertThat(secret.refresh()).isFalse();

        assertThat(secret.value()).isEqualTo("sk-first");
        assertThat(secretsManager.calls()).hasSize(2);
    }

    @Test
    void refreshesAtMostOncePerIntervalWhateverTheCallersAsk() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        secretsManager.put(ARN, "sk-rotated");

        clock.advance(SecretsManagerSecret.MIN_REFRESH_INTERVAL.minusSeconds(1));
        assertThat(secret.refresh()).as("too soon after the read at init").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(secret.refresh()).isTrue();
        secretsManager.put(ARN, "sk-third");
        assertThat(secret.refresh()).as("too soon after the last refresh").isFalse();

        assertThat(secret.value()).isEqualTo("sk-rotated");
        assertThat(secretsManager.calls()).hasSize(2);
    }

    @Test
    void aFailedRefreshKeepsTheValueItHad() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        secretsManager.deny(true);
        clock.advance(Duration.ofMinutes(2));

        assertThat(secret.refresh()).isFalse();

        assertThat(secret.value()).isEqualTo("sk-first");
    }

    @Test
    void stripsTheNewlineAFileBasedSecretStringOftenEndsWith() {
        secretsManager.put(ARN, "sk-from-a-file\n");

        assertThat(secret().value()).isEqualTo("sk-from-a-file");
    }

    @Test
    void failsAtInitNamingTheSecretWhenThePolicyDeniesIt() {
        secretsManager.put(ARN, "sk-first");
        secretsManager.deny(true);

        assertThatThrownBy(this::secret).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ARN).hasMessageContaining("not authorized")
                .hasMessageNotContaining("sk-first");
    }

    @Test
    void failsAtInitWhenTheSecretDoesNotExist() {
        assertThatThrownBy(this::secret).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ARN).hasMessageContaining("can't find");
    }

    @Test
    void rejectsABinarySecretAtInit() {
        secretsManager.put(ARN, null);

        assertThatThrownBy(this::secret).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no SecretString");
    }

    @Test
    void forgetsTheValueBeforeTheSnapshotAndReadsTheCurrentOneOnFirstUseAfterRestore() {
        secretsManager.put(ARN, "sk-at-publish");
        SecretsManagerSecret secret = secret();

        secret.beforeCheckpoint(null);
        assertThat(secretsManager.calls()).as("forgetting reads nothing").hasSize(1);
        secretsManager.put(ARN, "sk-rotated-since");
        secret.afterRestore(null);
        assertThat(secretsManager.calls()).as("restoring reads nothing either: first use does").hasSize(1);

        assertThat(secret.value()).isEqualTo("sk-rotated-since");
        assertThat(secret.value()).isEqualTo("sk-rotated-since");
        assertThat(secretsManager.calls()).hasSize(2);
    }

    @Test
    void primesTheReadAfterRestoreBeforeTheCheckpointWithoutSendingIt() {
        secretsManager.put(ARN, "sk-at-publish");
        SecretsManagerSecret secret = secret();

        try (dev.switchboard.shared.snapstart.LogLines log = new dev.switchboard.shared.snapstart.LogLines()) {
            secret.beforeCheckpoint(null);

            assertThat(log.events("snapstart.primed")).singleElement().satisfies(line -> {
                assertThat(line.path("steps").toString()).isEqualTo("[\"secretsmanager-getsecretvalue\"]");
                assertThat(line.path("failed").size()).isZero();
            });
        }
        assertThat(secretsManager.calls()).as("only the read at init reached Secrets Manager").hasSize(1);
    }

    @Test
    void theSnapshotHoldsNeitherTheValueNorWhenItWasRead() throws IllegalAccessException {
        secretsManager.put(ARN, "sk-at-publish");
        SecretsManagerSecret secret = secret();

        secret.beforeCheckpoint(null);

        for (java.lang.reflect.Field field : SecretsManagerSecret.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                Object held = field.get(secret);
                assertThat(String.valueOf(held)).as(field.getName()).doesNotContain("sk-at-publish");
                assertThat(held instanceof Instant).as(field.getName() + " is a time").isFalse();
            }
        }
    }

    @Test
    void aReadAfterRestoreThatFailsNamesTheSecretAndTheNextUseTriesAgain() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        secret.beforeCheckpoint(null);
        secretsManager.deny(true);

        assertThatThrownBy(secret::value).isInstanceOf(IllegalStateException.class).hasMessageContaining(ARN)
                .hasMessageNotContaining("sk-first");

        secretsManager.deny(false);
        assertThat(secret.value()).isEqualTo("sk-first");
    }

    @Test
    void aReadOnFirstUseCountsForTheRefreshInterval() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        clock.advance(Duration.ofHours(1));
        secret.beforeCheckpoint(null);
        secret.value();
        secretsManager.put(ARN, "sk-rotated");

        assertThat(secret.refresh()).as("just read: a rejection now is not a rotation").isFalse();
        clock.advance(SecretsManagerSecret.MIN_REFRESH_INTERVAL);
        assertThat(secret.refresh()).isTrue();
        assertThat(secret.value()).isEqualTo("sk-rotated");
    }

    @Test
    void aFailedRefreshWaitsOutTheIntervalBeforeTryingAgain() {
        secretsManager.put(ARN, "sk-first");
        SecretsManagerSecret secret = secret();
        clock.advance(Duration.ofMinutes(2));
        secretsManager.deny(true);
        assertThat(secret.refresh()).isFalse();
        secretsManager.deny(false);
        secretsManager.put(ARN, "sk-rotated");

        assertThat(secret.refresh()).as("Secrets Manager was just failing").isFalse();
        assertThat(secretsManager.calls()).hasSize(2);
    }

    private static final class MovableClock implements InstantSource {
        private Instant now = Instant.parse("2026-03-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
