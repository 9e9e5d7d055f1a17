package dev.switchboard.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads the state items the real DynamoConversationStore writes, over LocalDynamoDb. */
class DynamoCallLanguagesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:21:00Z");

    private final TableFixture table = TableFixture.start();
    private final DynamoConversationStore conversations = new DynamoConversationStore(table.client(), table.name(),
            Duration.ofHours(48), InstantSource.fixed(NOW));
    private final DynamoCallLanguages languages = new DynamoCallLanguages(table.client(), table.name(),
            InstantSource.fixed(NOW.plusSeconds(60)));

    @AfterEach
    void close() {
        table.close();
    }

    @Test
    void readsTheLanguageTheConversationSwitchedTo() {
        conversations.saveState(ConversationState.unknown("conn-1", NOW));
        conversations.setLanguage("conn-1", "es-US");

        assertThat(languages.lastLanguage("conn-1")).contains("es-US");
    }

    @Test
    void hasNoneWhenTheConversationKeptTheUseCasesOwnLanguage() {
        conversations.saveState(ConversationState.unknown("conn-1", NOW));

        assertThat(languages.lastLanguage("conn-1")).isEmpty();
    }

    @Test
    void hasNoneForAConnectionNobodySetUp() {
        assertThat(languages.lastLanguage("conn-unknown")).isEmpty();
    }

    @Test
    void treatsAnExpiredStateAsGone() {
        conversations.saveState(ConversationState.unknown("conn-1", NOW).withLanguage("es-US"));
        DynamoCallLanguages later = new DynamoCallLanguages(table.client(), table.name(),
                InstantSource.fixed(NOW.plus(Duration.ofHours(49))));

        assertThat(later.lastLanguage("conn-1")).isEmpty();
    }
}
