package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolUnavailableException;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoOrderStoreTest {

    private static final Instant PLACED = Fixtures.instant("2026-03-03T18:30");

    private static final String ONE_TIRAMISU = "{\"customerName\":\"Ada\",\"fulfillment\":\"pickup\","
            + "\"items\":[{\"item\":\"tiramisu\",\"quantity\":1}]}";

    private final TableFixture table = TableFixture.startWithoutRetries();

    @AfterEach
    void stop() {
        table.close();
    }

    private DynamoOrderStore store(Instant now) {
        return new DynamoOrderStore(table.client(), table.name(), InstantSource.fixed(now));
    }

    private static Order order(String number, String toolCallId, Instant at, String status) {
        return new Order(number, "restaurant", Fixtures.CALL_SID, toolCallId, Fixtures.CALLER, "Ada", "delivery",
                "12 Main St, 10012", List.of(new Order.Line("margherita", "Margherita Pizza", "large", 2,
                new BigDecimal("14.50"), new BigDecimal("29.00"), "extra basil")),
                new BigDecimal("29.00"), new BigDecimal("2.57"), new BigDecimal("3.50"), new BigDecimal("35.07"),
                "USD", status, at, at.plus(Duration.ofMinutes(40)), true, "ring twice");
    }

    @Test
    void storesAnOrderAsNativeAttributesAndReadsItBack() {
        Order order = order("482917", "call_1", PLACED, "open");

        assertThat(store(PLACED).create(order)).isTrue();

        assertThat(store(PLACED).find("482917")).contains(order);
        Map<String, AttributeValue> item = table.client().getItem(g -> g.tableName(table.name()).key(Map.of(
                "pk", AttributeValue.fromS("ORDER#482917"), "sk", AttributeValue.fromS("ORDER")))).item();
        assertThat(new BigDecimal(item.get("total").n())).isEqualByComparingTo("35.07");
        assertThat(item.get("items").l().get(0).m().get("quantity").n()).isEqualTo("2");
        assertThat(item.get("status").s()).isEqualTo("open");
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(PLACED.plus(Duration.ofDays(DynamoOrderStore.ORDER_DAYS)).getEpochSecond());
    }

    @Test
    void neverOverwritesAnOrderNumberInUse() {
        store(PLACED).create(order("482917", "call_1", PLACED, "open"));

        assertThat(store(PLACED).create(order("482917", "call_2", PLACED, "open"))).isFalse();
        assertThat(store(PLACED).find("482917").orElseThrow().toolCallId()).isEqualTo("call_1");
    }

    @Test
    void countsOpenOrdersOfTheUseCaseInTheWindow() {
        DynamoOrderStore store = store(PLACED);
        store.create(order("100001", "a", PLACED.minusSeconds(60 * 10), "open"));
        store.create(order("100002", "b", PLACED.minusSeconds(60 * 20), "open"));
        store.create(order("100003", "c", PLACED.minusSeconds(60 * 50), "open"));        // before the window
        store.create(order("100004", "d", PLACED.minusSeconds(60 * 5), "cancelled"));   // not open
        Order other = order("100005", "e", PLACED.minusSeconds(60), "open");
        store.create(new Order(other.number(), "another-shop", other.callSid(), other.toolCallId(),
                other.callerNumber(), other.customerName(), other.fulfillment(), other.address(), other.lines(),
                other.subtotal(), other.tax(), other.deliveryFee(), other.total(), other.currency(), other.status(),
                other.createdAt(), other.readyAt(), other.scheduled(), other.notes()));

        assertThat(store.openOrdersSince("restaurant", PLACED.minusSeconds(60 * 30))).isEqualTo(2);
    }

    @Test
    void relistingIsIdempotent() {
        Order order = order("100001", "a", PLACED, "open");
        DynamoOrderStore store = store(PLACED);
        store.create(order);
        store.relist(order);

        assertThat(store.openOrdersSince("restaurant", PLACED.minusSeconds(60))).isEqualTo(1);
    }

    @Test
    void ignoresExpiredItemsTheEmulatorNeverDeletes() {
        store(PLACED).create(order("100001", "a", PLACED, "open"));
        DynamoOrderStore muchLater = store(PLACED.plus(Duration.ofDays(DynamoOrderStore.ORDER_DAYS + 1)));

        assertThat(muchLater.find("100001")).isEmpty();
        assertThat(store(PLACED.plus(Duration.ofDays(3))).openOrdersSince("restaurant", PLACED.minusSeconds(60)))
                .isZero();
    }

    @Test
    void placeOrderWritesThroughDynamoDbAndSurvivesARetry() {
        PlaceOrderHandler handler = new PlaceOrderHandler(
                Fixtures.ports(Fixtures.store(Fixtures.useCase()), store(PLACED), InstantSource.fixed(PLACED)));
        String arguments = "{\"customerName\":\"Ada\",\"fulfillment\":\"pickup\","
                + "\"items\":[{\"item\":\"tiramisu\",\"quantity\":3}]}";

        ToolResult first = handler.handle(event("call_1", "place_order", arguments));
        ToolResult retry = handler.handle(event("call_1", "place_order", arguments));

        assertThat(first.ok()).as(first.content()).isTrue();
        assertThat(content(retry).get("orderNumber")).isEqualTo(content(first).get("orderNumber"));
        assertThat(store(PLACED).openOrdersSince("restaurant", PLACED.minusSeconds(60))).isEqualTo(1);
        assertThat(store(PLACED).find(content(first).get("orderNumber").asText()).orElseThrow().total())
                .isEqualByComparingTo("20.41");   // 18.75 + 8.875 % tax
    }

    @Test
    void aDynamoDbOutageMakesEveryToolThrowRetryable() {
        table.server().failRequests("*", 500, "InternalServerError");
        DynamoOrderStore store = store(PLACED);

        assertThatThrownBy(() -> new PlaceOrderHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase()), store,
                InstantSource.fixed(PLACED))).handle(event("call_1", "place_order",
                ONE_TIRAMISU)))
                .isInstanceOf(ToolUnavailableException.class);
        assertThatThrownBy(() -> new DeliveryTimeHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase()), store,
                InstantSource.fixed(PLACED)))
                .handle(event("call_2", "get_delivery_time", "{\"address\":\"1 Main St 10012\"}")))
                .isInstanceOf(ToolUnavailableException.class);
        assertThatThrownBy(() -> new SendSmsHandler(new RestaurantPorts(Fixtures.store(Fixtures.useCase()), store,
                SmsSender.notConfigured("test"), InstantSource.fixed(PLACED)))
                .handle(event("call_3", "send_sms_confirmation", "{\"orderNumber\":\"482917\"}")))
                .isInstanceOf(ToolUnavailableException.class);
    }

    @Test
    void throttledWritesAreRetryableToo() {
        table.server().failRequests("PutItem", 400, "ProvisionedThroughputExceededException");

        assertThatThrownBy(() -> new PlaceOrderHandler(Fixtures.ports(Fixtures.store(Fixtures.useCase()), store(PLACED),
                InstantSource.fixed(PLACED))).handle(event("call_1", "place_order",
                ONE_TIRAMISU)))
                .isInstanceOf(ToolUnavailableException.class);
    }
}
