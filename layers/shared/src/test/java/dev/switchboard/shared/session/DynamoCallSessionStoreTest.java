package dev.switchboard.shared.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.MutableClock;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoCallSessionStoreTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    private final TableFixture table = TableFixture.startWithoutRetries();
    private final MutableClock clock = new MutableClock(START);
    private final DynamoCallSessionStore store = new DynamoCallSessionStore(table.client(), table.name(), Duration.ofHours(2), clock);

    @AfterEach
    void stop() {
        table.close();
    }

    @Test
    void createsASessionOnceAndReadsItBack() {
        CallSession session = session("CA1");

        assertThat(store.create(session)).isTrue();
        assertThat(store.create(CallSession.created("CA1", "other", "+1", "+2", "AC", START, Map.of()))).isFalse();

        assertThat(store.get("CA1")).contains(session);
    }

    @Test
    void writesTheTtlInEpochSeconds() {
        store.create(session("CA1"));

        Map<String, AttributeValue> item = table.client().getItem(b -> b.tableName(table.name())
                .key(DynamoCallSessionStore.key("CA1"))).item();
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(START.plus(Duration.ofHours(2)).getEpochSecond()));
        assertThat(item.get("pk").s()).isEqualTo("CALL#CA1");
        assertThat(item.get("sk").s()).isEqualTo("SESSION");
    }

    @Test
    void ignoresAnExpiredSessionThatDynamoDbHasNotDeletedYet() {
        store.create(session("CA1"));

        clock.advance(Duration.ofHours(2));

        assertThat(store.get("CA1")).isEmpty();
        assertThat(store.increment("CA1")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void linksTheWebSocketConnection() {
        store.create(session("CA1"));

        store.linkConnection("CA1", "conn-abc=");

        CallSession linked = store.get("CA1").orElseThrow();
        assertThat(linked.connectionId()).isEqualTo("conn-abc=");
        assertThat(linked.status()).isEqualTo("connected");
        assertThat(linked.facts()).isEqualTo(session("CA1").facts());
    }

    @Test
    void recordsTheOutcomeWithDurationAndEndTime() {
        store.create(session("CA1"));
        clock.advance(Duration.ofSeconds(93));

        store.recordOutcome("CA1", "ended", "handoff_enqueue", Map.of("durationSeconds", "93", "reason", "caller_request"));

        CallSession ended = store.get("CA1").orElseThrow();
        assertThat(ended.status()).isEqualTo("ended");
        assertThat(ended.outcome()).isEqualTo("handoff_enqueue");
        Map<String, AttributeValue> item = table.client().getItem(b -> b.tableName(table.name())
                .key(DynamoCallSessionStore.key("CA1"))).item();
        assertThat(item.get("durationSeconds").n()).isEqualTo("93");
        assertThat(item.get("endedAt").s()).isEqualTo(START.plusSeconds(93).toString());
        assertThat(item.get("outcomeDetails").m()).containsEntry("reason", AttributeValue.fromS("caller_request"));
    }

    @Test
    void doesNotStampAnEndForACallThatGoesOn() {
        store.create(session("CA1"));

        store.recordOutcome("CA1", "reconnecting", "reconnect", Map.of("durationSeconds", "not a number"));

        Map<String, AttributeValue> item = table.client().getItem(b -> b.tableName(table.name())
                .key(DynamoCallSessionStore.key("CA1"))).item();
        assertThat(item).doesNotContainKeys("endedAt", "durationSeconds");
        assertThat(item.get("status").s()).isEqualTo("reconnecting");
    }

    @Test
    void countsReconnectsPerCall() {
        store.create(session("CA1"));
        store.create(session("CA2"));

        assertThat(store.increment("CA1")).isEqualTo(1);
        assertThat(store.increment("CA1")).isEqualTo(2);
        assertThat(store.increment("CA2")).isEqualTo(1);
    }

    @Test
    void leavesNoTraceWhenUpdatingACallWithoutSession() {
        store.linkConnection("CA404", "conn");
        store.recordOutcome("CA404", "ended", "hangup", Map.of());

        assertThat(store.increment("CA404")).isEqualTo(Integer.MAX_VALUE);
        assertThat(table.client().getItem(b -> b.tableName(table.name()).key(DynamoCallSessionStore.key("CA404"))).hasItem())
                .isFalse();
    }

    private static CallSession session(String callSid) {
        return CallSession.created(callSid, "restaurant", "+14155550123", "+15005550006",
                "AC00000000000000000000000000000001", START, Map.of("direction", "inbound", "fromCountry", "US"));
    }
}
