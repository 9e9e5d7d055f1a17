package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolUnavailableException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceOrderHandlerTest {

    private static final String TWO_LARGE_MARGHERITAS_AND_BREAD = """
            {"items":[{"item":"margherita","size":"large","quantity":2,"price":1},
                      {"item":"Garlic Bread","quantity":1}],
             "fulfillment":"pickup","customerName":"Ada"}""";

    private final InMemoryOrderStore orders = new InMemoryOrderStore();

    /** Tuesday 18:30 in New York: open 11:00-22:00. */
    private PlaceOrderHandler handlerAt(String localTime) {
        return new PlaceOrderHandler(Fixtures.store(Fixtures.useCase()), orders, Fixtures.at(localTime));
    }

    @Test
    void placesAnOrderPricedFromTheMenuNotFromTheModel() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(result.toolCallId()).isEqualTo("call_1");
        assertThat(result.name()).isEqualTo("place_order");
        JsonNode json = content(result);
        assertThat(json.get("orderNumber").asText()).matches("[1-9][0-9]{5}");
        assertThat(json.get("total").asText()).isEqualTo("33.50");
        assertThat(json.get("items").get(0).get("unitPrice").asText()).isEqualTo("14.50");
        assertThat(json.get("items").get(0).get("lineTotal").asText()).isEqualTo("29.00");
        assertThat(json.get("readyAt").asText()).isEqualTo("6:45 PM today");
        assertThat(json.get("readyInMinutes").asInt()).isEqualTo(15);

        Order stored = orders.orders.get(json.get("orderNumber").asText());
        assertThat(stored.status()).isEqualTo("open");
        assertThat(stored.callerNumber()).isEqualTo(Fixtures.CALLER);
        assertThat(stored.callSid()).isEqualTo(Fixtures.CALL_SID);
        assertThat(stored.customerName()).isEqualTo("Ada");
        assertThat(stored.fulfillment()).isEqualTo("pickup");
        assertThat(stored.total()).isEqualByComparingTo(new BigDecimal("33.50"));
        assertThat(stored.lines()).extracting(Order.Line::itemId, Order.Line::size, Order.Line::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("margherita", "large", 2),
                        org.assertj.core.groups.Tuple.tuple("garlic-bread", "", 1));
    }

    @Test
    void addsTheDeliveryFeeAndTravelTimeForDelivery() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", """
                {"items":[{"item":"pepperoni pizzas","size":"Small","quantity":1}],
                 "fulfillment":"delivery","address":"12 Main St"}"""));

        JsonNode json = content(result);
        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(json.get("deliveryFee").asText()).isEqualTo("3.50");
        assertThat(json.get("total").asText()).isEqualTo("14.00");
        assertThat(json.get("deliveryAt").asText()).isEqualTo("7:10 PM today");
        assertThat(json.get("address").asText()).isEqualTo("12 Main St");
    }

    @Test
    void rejectsArgumentsThatBreakTheSchemaNamingTheField() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", """
                {"items":[{"item":"margherita","size":"large","quantity":0}],"fulfillment":"drone"}"""));

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("items[0].quantity").contains("fulfillment");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void rejectsArgumentsThatAreNotJson() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", "{items: oops"));

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("not valid JSON");
    }

    @Test
    void asksForAnAddressWhenDeliveryHasNone() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", """
                {"items":[{"item":"tiramisu","quantity":1}],"fulfillment":"delivery"}"""));

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("address: required for delivery");
    }

    @Test
    void namesUnknownItemsAndMissingSizesWithTheChoices() {
        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", """
                {"items":[{"item":"hawaiian pizza","quantity":1},{"item":"margarita","quantity":1},
                          {"item":"pepperoni","size":"medium","quantity":1}],"fulfillment":"pickup"}"""));

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("menu_mismatch");
        assertThat(result.content())
                .contains("items[0].item: \"hawaiian pizza\" is not on the menu")
                .contains("items[1].size: Margherita Pizza comes in small (9.50), medium (12.00), large (14.50); ask the caller which size")
                .contains("items[2].size: Pepperoni Pizza comes in small (10.50), large (16.00), not \"medium\"");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void refusesWhenTheRestaurantIsClosedAndSaysWhenItOpens() {
        ToolResult result = handlerAt("2026-03-02T12:00").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(result.error()).isEqualTo("store_closed");
        assertThat(result.content()).contains("closed right now").contains("11:00 AM tomorrow");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void refusesWhenTheOrderCouldNotBeReadyBeforeClosing() {
        ToolResult result = handlerAt("2026-03-03T21:50").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(result.error()).isEqualTo("store_closed");
        assertThat(result.content()).contains("closes at 10:00 PM today").contains("opens again at 11:00 AM tomorrow");
    }

    @Test
    void aRetriedCallFindsItsOwnOrderInsteadOfPlacingASecond() {
        PlaceOrderHandler handler = handlerAt("2026-03-03T18:30");
        ToolResult first = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_BREAD));
        ToolResult retry = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(orders.orders).hasSize(1);
        assertThat(content(retry).get("orderNumber")).isEqualTo(content(first).get("orderNumber"));
    }

    @Test
    void movesToAnotherNumberWhenAnOlderOrderHoldsIt() {
        String taken = OrderNumbers.number(Fixtures.CALL_SID, "call_1", 0);
        orders.addOpenOrder(taken, Instant.parse("2026-02-20T12:00:00Z"));

        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(result.ok()).isTrue();
        assertThat(content(result).get("orderNumber").asText())
                .isEqualTo(OrderNumbers.number(Fixtures.CALL_SID, "call_1", 1)).isNotEqualTo(taken);
    }

    @Test
    void aBusyKitchenMeansALongerWait() {
        Instant now = Fixtures.instant("2026-03-03T18:30");
        for (int i = 0; i < 5; i++) {
            orders.addOpenOrder("90000" + i, now.minusSeconds(60L * (5 + i)));
        }
        orders.addOpenOrder("800000", now.minusSeconds(60L * 45));   // outside the 30-minute load window

        ToolResult result = handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(content(result).get("readyInMinutes").asInt()).isEqualTo(15 + 5 * 4);
    }

    @Test
    void aDatabaseOutageIsThrownAsRetryable() {
        orders.goDown();

        assertThatThrownBy(() -> handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_BREAD))).isInstanceOf(ToolUnavailableException.class);
    }

    @Test
    void aMissingMenuIsAConfigErrorTheModelCanApologiseFor() {
        PlaceOrderHandler handler = new PlaceOrderHandler(Fixtures.store(Fixtures.useCase(
                d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("data")).remove("menu"))),
                orders, Fixtures.at("2026-03-03T18:30"));

        ToolResult result = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_BREAD));

        assertThat(result.error()).isEqualTo("config_error");
        assertThat(result.content()).doesNotContain("data.menu");
    }

    @Test
    void handlesTheEventExactlyAsTheStateMachineSendsIt() throws Exception {
        Map<String, Object> event;
        try (var in = getClass().getResourceAsStream("/events/place-order.json")) {
            event = dev.switchboard.shared.json.Json.MAPPER.readValue(in,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        }

        Map<String, Object> payload = handlerAt("2026-03-03T18:30").handleRequest(event, null);

        assertThat(payload).containsEntry("toolCallId", "call_Xk2v9QmR4p").containsEntry("ok", true);
        assertThat(dev.switchboard.shared.json.Json.read((String) payload.get("content")).get("total").asText())
                .isEqualTo("27.00");
        assertThat(orders.orders.values()).singleElement()
                .satisfies(o -> assertThat(o.customerName()).isEqualTo("Sam"));
    }

    @Test
    void returnsThePayloadTheStateMachineExpects() {
        Map<String, Object> payload = handlerAt("2026-03-03T18:30").handleRequest(
                event("call_9", "place_order", TWO_LARGE_MARGHERITAS_AND_BREAD), null);

        assertThat(payload).containsEntry("toolCallId", "call_9").containsEntry("name", "place_order")
                .containsEntry("ok", true).containsKey("content").doesNotContainKey("error");
    }
}
