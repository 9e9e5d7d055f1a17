package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.dynamodb.TableFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamoCallerProfileStoreTest {

    private final TableFixture table = TableFixture.startWithoutRetries();
    private final DynamoCallerProfileStore store = new DynamoCallerProfileStore(table.client(), table.name());

    @AfterEach
    void stop() {
        table.close();
    }

    @Test
    void findsAProfileWrittenByTheConfigCommand() {
        var ada = new CallerProfile("+14155550123", "Ada Lovelace", "ada@example.com", "Allergic to walnuts.", "en-US");
        table.client().putItem(b -> b.tableName(table.name()).item(CallerProfileMapper.toItem(ada)));

        assertThat(store.find("+14155550123")).contains(ada);
    }

    @Test
    void readsMissingAttributesAsEmpty() {
        var bare = new CallerProfile("+14155550124", "", "", "", "");
        table.client().putItem(b -> b.tableName(table.name()).item(CallerProfileMapper.toItem(bare)));

        assertThat(store.find("+14155550124")).contains(bare);
    }

    @Test
    void findsNothingForAnUnknownOrMissingNumber() {
        assertThat(store.find("+19995550000")).isEmpty();
        assertThat(store.find("")).isEmpty();
    }
}
