package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolUnavailableException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceOrderHandlerTest {

    private static final String TWO_LARGE_MARGHERITAS_AND_KNOTS = """
            {"customerName":"Ada","fulfillment":"pickup",
             "items":[{"item":"margherita","size":"large","quantity":2},
                      {"item":"Garlic Knots","quantity":1}]}""";

    private final InMemoryOrderStore orders = new InMemoryOrderStore();

    private PlaceOrderHandler handlerAt(String localTime) {
        return new PlaceOrderHandler(
                Fixtures.ports(Fixtures.store(Fixtures.useCase()), orders, Fixtures.at(localTime)));
    }

    /** Tuesday 18:30 in New York: open 11:00-22:00. */
    private ToolResult placeOnTuesdayEvening(String arguments) {
        return handlerAt("2026-03-03T18:30").handle(event("call_1", "place_order", arguments));
    }

    @Test
    void placesAnOrderPricedFromTheMenuWithTax() {
        ToolResult result = placeOnTuesdayEvening(TWO_LARGE_MARGHERITAS_AND_KNOTS);

        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(result.toolCallId()).isEqualTo("call_1");
        assertThat(result.name()).isEqualTo("place_order");
        JsonNode json = content(result);
        assertThat(json.get("orderNumber").asText()).matches("[1-9][0-9]{5}");
        assertThat(json.get("items").get(0).get("unitPrice").asText()).isEqualTo("14.50");
        assertThat(json.get("items").get(0).get("lineTotal").asText()).isEqualTo("29.00");
        assertThat(json.get("subtotal").asText()).isEqualTo("33.50");
        assertThat(json.get("tax").asText()).isEqualTo("2.97");   // 8.875 % of 33.50, rounded
        assertThat(json.get("total").asText()).isEqualTo("36.47");
        assertThat(json.get("readyAt").asText()).isEqualTo("6:45 PM today");
        assertThat(json.get("readyInMinutes").asInt()).isEqualTo(15);
        assertThat(json.get("scheduled").asBoolean()).isFalse();
        assertThat(json.get("summary").asText()).contains("2 x Margherita Pizza (large)").contains("36.47");

        Order stored = orders.orders.get(json.get("orderNumber").asText());
        assertThat(stored.status()).isEqualTo("open");
        assertThat(stored.callerNumber()).isEqualTo(Fixtures.CALLER);
        assertThat(stored.callSid()).isEqualTo(Fixtures.CALL_SID);
        assertThat(stored.customerName()).isEqualTo("Ada");
        assertThat(stored.fulfillment()).isEqualTo("pickup");
        assertThat(stored.total()).isEqualByComparingTo(new BigDecimal("36.47"));
        assertThat(stored.lines()).extracting(Order.Line::itemId, Order.Line::size, Order.Line::quantity)
                .containsExactly(tuple("margherita", "large", 2), tuple("garlic-knots", "", 1));
    }

    @Test
    void addsTheDeliveryFeeAndDeliveryTime() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Bo","fulfillment":"delivery","address":"12 Main St, New York, NY 10013",
                 "items":[{"item":"pepperoni pizzas","size":"Large","quantity":1}]}""");

        JsonNode json = content(result);
        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(json.get("deliveryFee").asText()).isEqualTo("3.50");
        assertThat(json.get("tax").asText()).isEqualTo("1.42");
        assertThat(json.get("total").asText()).isEqualTo("20.92");
        assertThat(json.get("deliveryAt").asText()).isEqualTo("7:10 PM today");
        assertThat(json.get("address").asText()).isEqualTo("12 Main St, New York, NY 10013");
    }

    @Test
    void refusesDeliveryOutsideTheArea() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Bo","fulfillment":"delivery","address":"1 Far Rd, Brooklyn, NY 11201",
                 "items":[{"item":"pepperoni","size":"large","quantity":2}]}""");

        assertThat(result.error()).isEqualTo("outside_delivery_area");
        assertThat(result.content()).contains("10012, 10013");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void asksForTheZipCodeWhenTheDeliveryAddressHasNone() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Bo","fulfillment":"delivery","address":"12 Main St",
                 "items":[{"item":"pepperoni","size":"large","quantity":2}]}""");

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("address: include the ZIP code");
    }

    @Test
    void refusesDeliveryBelowTheMinimumOrder() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Bo","fulfillment":"delivery","address":"12 Main St, 10012",
                 "items":[{"item":"pepperoni","size":"small","quantity":1}]}""");

        assertThat(result.error()).isEqualTo("below_delivery_minimum");
        assertThat(result.content()).contains("15.00").contains("10.50");
    }

    @Test
    void rejectsArgumentsThatBreakTheSchemaNamingTheField() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Ada","fulfillment":"drone",
                 "items":[{"item":"margherita","size":"large","quantity":0,"price":1}]}""");

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("items[0].quantity").contains("fulfillment").contains("price");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void rejectsArgumentsThatAreNotJson() {
        ToolResult result = placeOnTuesdayEvening("{items: oops");

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("not valid JSON");
    }

    @Test
    void checksItsOwnArgumentsWhenTheConfigSchemaIsLax() {
        PlaceOrderHandler handler = new PlaceOrderHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase(d ->
                ((ObjectNode) d.get("tools").get(0)).set("parameters", Json.read("{\"type\":\"object\"}")))),
                orders, Fixtures.at("2026-03-03T18:30")));

        ToolResult result = handler.handle(event("call_1", "place_order",
                "{\"fulfillment\":\"delivery\",\"items\":[]}"));

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("items: at least one item").contains("address: required");
    }

    @Test
    void namesUnknownItemsAndWrongSizesWithTheChoices() {
        ToolResult result = placeOnTuesdayEvening("""
                {"customerName":"Ada","fulfillment":"pickup",
                 "items":[{"item":"hawaiian pizza","size":"large","quantity":1},
                          {"item":"margarita","size":"family","quantity":1},
                          {"item":"pepperoni","size":"medium","quantity":1}]}""");

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("menu_mismatch");
        assertThat(result.content())
                .contains("items[0].item: \"hawaiian pizza\" is not on the menu (closest: ")
                .contains("items[1].size: Margherita Pizza comes in small (9.50), medium (12.00), large (14.50), not \"family\"")
                .contains("items[2].size: Pepperoni Pizza comes in small (10.50), large (16.00), not \"medium\"");
        assertThat(orders.orders).isEmpty();
    }

    @Test
    void takesAnOrderForTheNextOpeningWhenClosed() {
        ToolResult result = handlerAt("2026-03-02T12:00").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_KNOTS));   // Monday: closed

        JsonNode json = content(result);
        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(json.get("scheduled").asBoolean()).isTrue();
        assertThat(json.get("readyAt").asText()).isEqualTo("11:15 AM tomorrow");
        assertThat(json.get("summary").asText()).contains("for when the restaurant opens");
        assertThat(orders.orders.values()).singleElement().satisfies(o -> assertThat(o.scheduled()).isTrue());
    }

    @Test
    void anOrderThatCannotBeReadyBeforeClosingIsForTheNextOpening() {
        JsonNode json = content(handlerAt("2026-03-03T21:50").handle(event("call_1", "place_order",
                TWO_LARGE_MARGHERITAS_AND_KNOTS)));

        assertThat(json.get("scheduled").asBoolean()).isTrue();
        assertThat(json.get("readyAt").asText()).isEqualTo("11:15 AM tomorrow");
    }

    @Test
    void aRetriedCallFindsItsOwnOrderInsteadOfPlacingASecond() {
        PlaceOrderHandler handler = handlerAt("2026-03-03T18:30");
        ToolResult first = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_KNOTS));
        ToolResult retry = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_KNOTS));

        assertThat(orders.orders).hasSize(1);
        assertThat(content(retry).get("orderNumber")).isEqualTo(content(first).get("orderNumber"));
    }

    @Test
    void movesToAnotherNumberWhenAnOlderOrderHoldsIt() {
        String taken = OrderNumbers.number(Fixtures.CALL_SID, "call_1", 0);
        orders.addOpenOrder(taken, Instant.parse("2026-02-20T12:00:00Z"));

        ToolResult result = placeOnTuesdayEvening(TWO_LARGE_MARGHERITAS_AND_KNOTS);

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

        ToolResult result = placeOnTuesdayEvening(TWO_LARGE_MARGHERITAS_AND_KNOTS);

        assertThat(content(result).get("readyInMinutes").asInt()).isEqualTo(15 + 5 * 4);
    }

    @Test
    void aDatabaseOutageIsThrownAsRetryable() {
        orders.goDown();

        assertThatThrownBy(() -> placeOnTuesdayEvening(TWO_LARGE_MARGHERITAS_AND_KNOTS))
                .isInstanceOf(ToolUnavailableException.class);
    }

    @Test
    void aMissingMenuIsAConfigErrorTheModelCanApologiseFor() {
        PlaceOrderHandler handler = new PlaceOrderHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase(
                d -> ((ObjectNode) d.get("data")).remove("menu"))), orders, Fixtures.at("2026-03-03T18:30")));

        ToolResult result = handler.handle(event("call_1", "place_order", TWO_LARGE_MARGHERITAS_AND_KNOTS));

        assertThat(result.error()).isEqualTo("config_error");
        assertThat(result.content()).doesNotContain("data.menu");
    }

    @Test
    void handlesTheEventExactlyAsTheStateMachineSendsIt() throws Exception {
        Map<String, Object> event;
        try (InputStream in = getClass().getResourceAsStream("/events/place-order.json")) {
            event = Json.MAPPER.readValue(in, new TypeReference<Map<String, Object>>() { });
        }

        Map<String, Object> payload = handlerAt("2026-03-03T18:30").handleRequest(event, null);

        assertThat(payload).containsEntry("toolCallId", "call_Xk2v9QmR4p").containsEntry("name", "place_order")
                .containsEntry("ok", true).containsKey("content").doesNotContainKey("error");
        assertThat(Json.read((String) payload.get("content")).get("subtotal").asText()).isEqualTo("27.00");
        assertThat(orders.orders.values()).singleElement()
                .satisfies(o -> assertThat(o.customerName()).isEqualTo("Sam"));
    }

    @Test
    void snapStartPrimingRunsTheToolRequestPathOnSamplesWithoutPlacingAnOrder() {
        PlaceOrderHandler handler = handlerAt("2026-03-03T18:30");

        var report = handler.priming().run();

        assertThat(report.ok()).as(report.failed().toString()).isTrue();
        assertThat(report.primed()).containsExactly("tool-request", "dynamodb-getitem");
        assertThat(handler.priming().run()).isEqualTo(report);
        assertThat(orders.orders).isEmpty();
        assertThat(orders.listings).isEmpty();
    }
}
