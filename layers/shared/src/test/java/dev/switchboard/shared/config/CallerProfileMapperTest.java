package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CallerProfileMapperTest {

    @Test
    void writesTheKeyAndOnlyTheFieldsThatAreSet() {
        Map<String, AttributeValue> item = CallerProfileMapper.toItem(
                new CallerProfile("+14155550123", "Ada", "", "", "en-US"));

        assertThat(item).containsOnlyKeys("pk", "sk", "number", "name", "language");
        assertThat(item.get("pk").s()).isEqualTo("CALLER#+14155550123");
        assertThat(item.get("sk").s()).isEqualTo("PROFILE");
    }

    @Test
    void readsNumbersAndBooleansTypedInTheConsoleAsText() {
        CallerProfile profile = CallerProfileMapper.fromItem("+14155550123", Map.of(
                "name", AttributeValue.fromN("42"), "notes", AttributeValue.fromBool(true)));

        assertThat(profile).isEqualTo(new CallerProfile("+14155550123", "42", "", "true", ""));
    }
}
