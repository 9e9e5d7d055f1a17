package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoItemsTest {

    @Test
    void writesJsonAsNativeDynamoDbTypes() {
        Map<String, AttributeValue> item = DynamoItems.toItem(Json.read(
                "{\"s\":\"x\",\"n\":1299,\"d\":0.25,\"b\":true,\"z\":null,\"l\":[1,\"a\"],\"m\":{\"k\":{\"deep\":false}}}"));

        assertThat(item.get("s")).isEqualTo(AttributeValue.fromS("x"));
        assertThat(item.get("n")).isEqualTo(AttributeValue.fromN("1299"));
        assertThat(item.get("d")).isEqualTo(AttributeValue.fromN("0.25"));
        assertThat(item.get("b")).isEqualTo(AttributeValue.fromBool(true));
        assertThat(item.get("z")).isEqualTo(AttributeValue.fromNul(true));
        assertThat(item.get("l")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("a"))));
        assertThat(item.get("m").m().get("k").m().get("deep")).isEqualTo(AttributeValue.fromBool(false));
    }

    @Test
    void readsAnItemBackAsTheSameJson() {
        JsonNode json = Json.read("{\"menu\":[{\"id\":\"margherita\",\"prices\":{\"small\":1099,\"large\":1699}}],"
                + "\"rate\":0.5,\"open\":true,\"none\":null}");

        assertThat(DynamoItems.toJson(DynamoItems.toItem(json))).isEqualTo(json);
    }

    @Test
    void readsSetsAsLists() {
        JsonNode json = DynamoItems.toJson(Map.of(
                "ss", AttributeValue.fromSs(List.of("a")),
                "ns", AttributeValue.fromNs(List.of("7"))));

        assertThat(json.get("ss").get(0).asText()).isEqualTo("a");
        assertThat(json.get("ns").get(0).asLong()).isEqualTo(7);
    }
}
