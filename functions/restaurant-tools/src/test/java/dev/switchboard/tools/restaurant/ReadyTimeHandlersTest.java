package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolUnavailableException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadyTimeHandlersTest {

    private final InMemoryOrderStore orders = new InMemoryOrderStore();

    private ToolResult pickup(String localTime) {
        return new PickupTimeHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase()), orders, Fixtures.at(localTime)))
                .handle(event("call_p", "get_pickup_time", "{}"));
    }

    private ToolResult delivery(String localTime, String arguments) {
        return new DeliveryTimeHandler(
                Fixtures.ports(Fixtures.store(Fixtures.useCase()), orders, Fixtures.at(localTime)))
                .handle(event("call_d", "get_delivery_time", arguments));
    }

    @Test
    void pickupWhileOpenCountsTheOpenOrders() {
        Instant now = Fixtures.instant("2026-03-03T18:30");
        orders.addOpenOrder("100001", now.minusSeconds(600));
        orders.addOpenOrder("100002", now.minusSeconds(1200));

        ToolResult result = pickup("2026-03-03T18:30");

        JsonNode json = content(result);
        assertThat(result.ok()).isTrue();
        assertThat(json.get("status").asText()).isEqualTo("open");
        assertThat(json.get("readyInMinutes").asInt()).isEqualTo(23);
        assertThat(json.get("readyAt").asText()).isEqualTo("6:53 PM today");
        assertThat(json.get("openOrders").asInt()).isEqualTo(2);
        assertThat(json.get("summary").asText()).contains("about 23 minutes");
    }

    @Test
    void pickupWhenClosedSaysWhenItOpens() {
        JsonNode json = content(pickup("2026-03-02T20:00"));

        assertThat(json.get("status").asText()).isEqualTo("closed");
        assertThat(json.get("opensAt").asText()).isEqualTo("11:00 AM tomorrow");
        assertThat(json.get("earliestPickup").asText()).isEqualTo("11:15 AM tomorrow");
    }

    @Test
    void deliveryInTheAreaSaysWhenItArrives() {
        ToolResult result = delivery("2026-03-03T18:30", "{\"address\":\"12 Main St, New York, NY 10012\"}");

        JsonNode json = content(result);
        assertThat(json.get("deliveryInMinutes").asInt()).isEqualTo(40);
        assertThat(json.get("deliveryAt").asText()).isEqualTo("7:10 PM today");
        assertThat(json.get("inDeliveryArea").asBoolean()).isTrue();
    }

    @Test
    void deliveryOutsideTheAreaSaysSo() {
        JsonNode json = content(delivery("2026-03-03T18:30", "{\"address\":\"5 Court St, Brooklyn, NY 11201\"}"));

        assertThat(json.get("inDeliveryArea").asBoolean()).isFalse();
        assertThat(json.get("summary").asText()).contains("outside the delivery area");
    }

    @Test
    void deliveryWithoutAZipCodeAsksForIt() {
        JsonNode json = content(delivery("2026-03-03T18:30", "{\"address\":\"12 Main St\"}"));

        assertThat(json.get("inDeliveryArea").asText()).isEqualTo("unknown");
        assertThat(json.get("deliveryInMinutes").asInt()).isEqualTo(40);
    }

    @Test
    void deliveryRejectsArgumentsOfTheWrongType() {
        ToolResult result = delivery("2026-03-03T18:30", "{}");

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("address");
    }

    @Test
    void aDatabaseOutageIsThrownAsRetryable() {
        orders.goDown();

        assertThatThrownBy(() -> pickup("2026-03-03T18:30")).isInstanceOf(ToolUnavailableException.class);
    }
}
