package dev.switchboard.tools.restaurant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadyTimeTest {

    private final DataSection data = DataSection.root(Fixtures.useCase().data());
    private final StoreHours hours = StoreHours.from(data, "America/New_York");
    private final Kitchen kitchen = Kitchen.from(data);

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(Fixtures.NEW_YORK);
    }

    private ReadyTime estimate(String local, int openOrders, Fulfillment type) {
        return ReadyTime.estimate(hours, kitchen, at(local), openOrders, type).orElseThrow();
    }

    @Test
    void anIdleOpenKitchenNeedsOnlyThePrepTime() {
        ReadyTime t = estimate("2026-03-03T18:30", 0, Fulfillment.PICKUP);

        assertThat(t.status()).isEqualTo(ReadyTime.Status.OPEN);
        assertThat(t.readyAt()).isEqualTo(at("2026-03-03T18:45"));
        assertThat(t.closesAt()).contains(at("2026-03-03T22:00"));
        assertThat(t.readyInMinutes()).isEqualTo(15);
    }

    @Test
    void eachOpenOrderAddsItsMinutes() {
        assertThat(estimate("2026-03-03T18:30", 3, Fulfillment.PICKUP).readyAt()).isEqualTo(at("2026-03-03T18:57"));
    }

    @Test
    void deliveryTakesTheDeliveryTimesFromTheConfig() {
        ReadyTime t = estimate("2026-03-03T18:30", 1, Fulfillment.DELIVERY);

        assertThat(t.readyAt()).isEqualTo(at("2026-03-03T18:49"));
        assertThat(t.arrivesAt()).isEqualTo(at("2026-03-03T19:14"));
        assertThat(t.arrivesInMinutes()).isEqualTo(44);
    }

    @Test
    void whenClosedDeliveryArrivesItsBaseTimeAfterOpening() {
        ReadyTime t = estimate("2026-03-03T09:00", 3, Fulfillment.DELIVERY);

        assertThat(t.arrivesAt()).isEqualTo(at("2026-03-03T11:40"));
    }

    @Test
    void beforeOpeningTheEarliestTimeIsOpeningPlusPrep() {
        ReadyTime t = estimate("2026-03-03T09:00", 4, Fulfillment.PICKUP);

        assertThat(t.status()).isEqualTo(ReadyTime.Status.CLOSED);
        assertThat(t.opensAt()).contains(at("2026-03-03T11:00"));
        assertThat(t.readyAt()).isEqualTo(at("2026-03-03T11:15"));
        assertThat(t.spoken(t.opensAt().orElseThrow())).isEqualTo("11:00 AM today");
    }

    @Test
    void aClosedDayPointsToTheNextOpenDay() {
        ReadyTime t = estimate("2026-03-02T12:00", 0, Fulfillment.PICKUP);   // Monday: closed

        assertThat(t.status()).isEqualTo(ReadyTime.Status.CLOSED);
        assertThat(t.opensAt()).contains(at("2026-03-03T11:00"));
        assertThat(t.spoken(t.readyAt())).isEqualTo("11:15 AM tomorrow");
    }

    @Test
    void theLunchBreakIsClosedUntilTheEveningOpens() {
        ReadyTime t = estimate("2026-03-05T15:00", 0, Fulfillment.PICKUP);   // Thursday 11-14, 17-22

        assertThat(t.status()).isEqualTo(ReadyTime.Status.CLOSED);
        assertThat(t.opensAt()).contains(at("2026-03-05T17:00"));
    }

    @Test
    void tooCloseToClosingMovesToTheNextOpening() {
        ReadyTime t = estimate("2026-03-05T13:50", 0, Fulfillment.PICKUP);   // lunch ends at 14:00

        assertThat(t.status()).isEqualTo(ReadyTime.Status.CLOSING);
        assertThat(t.closesAt()).contains(at("2026-03-05T14:00"));
        assertThat(t.opensAt()).contains(at("2026-03-05T17:00"));
        assertThat(t.readyAt()).isEqualTo(at("2026-03-05T17:15"));
    }

    @Test
    void aBusyKitchenCanPushAnOrderPastClosing() {
        assertThat(estimate("2026-03-03T21:30", 0, Fulfillment.PICKUP).status()).isEqualTo(ReadyTime.Status.OPEN);
        assertThat(estimate("2026-03-03T21:30", 4, Fulfillment.PICKUP).status()).isEqualTo(ReadyTime.Status.CLOSING);
    }

    @Test
    void hoursPastMidnightBelongToTheDayTheyStart() {
        ReadyTime t = estimate("2026-03-08T00:30", 0, Fulfillment.PICKUP);   // Sunday 00:30, Saturday's 12:00-01:00 still open

        assertThat(t.status()).isEqualTo(ReadyTime.Status.OPEN);
        assertThat(t.closesAt()).contains(at("2026-03-08T01:00"));
        assertThat(t.readyAt()).isEqualTo(at("2026-03-08T00:45"));
    }

    @Test
    void touchingPeriodsCountAsOneOpening() {
        StoreHours split = StoreHours.from(DataSection.root(Map.of("hours",
                Map.of("tue", java.util.List.of("11:00-15:00", "15:00-22:00")))), "America/New_York");

        ReadyTime t = ReadyTime.estimate(split, kitchen, at("2026-03-03T14:50"), 0, Fulfillment.PICKUP).orElseThrow();

        assertThat(t.status()).isEqualTo(ReadyTime.Status.OPEN);
        assertThat(t.closesAt()).contains(at("2026-03-03T22:00"));
    }

    @Test
    void aStoreThatNeverOpensHasNoEstimate() {
        StoreHours never = StoreHours.from(DataSection.root(Map.of("hours", Map.of("monday", "closed"))), "UTC");

        assertThat(ReadyTime.estimate(never, kitchen, at("2026-03-03T12:00"), 0, Fulfillment.PICKUP)).isEqualTo(Optional.empty());
    }

    @Test
    void badHoursNameTheAttribute() {
        assertThatThrownBy(() -> StoreHours.from(DataSection.root(Map.of("hours", Map.of("tuesday", "11-22"))), "UTC"))
                .isInstanceOf(RestaurantConfigException.class).hasMessageContaining("data.hours.tuesday");
        assertThatThrownBy(() -> StoreHours.from(DataSection.root(Map.of("hours", Map.of("tuesday",
                Map.of("open", "11:00", "close", "late")))), "UTC"))
                .hasMessageContaining("data.hours.tuesday.close");
        assertThatThrownBy(() -> StoreHours.from(DataSection.root(Map.of("hours", Map.of("funday", "11:00-22:00"))), "UTC"))
                .hasMessageContaining("data.hours.funday");
        assertThatThrownBy(() -> StoreHours.from(DataSection.root(Map.of()), "UTC"))
                .hasMessageContaining("data.hours: is missing");
        assertThatThrownBy(() -> StoreHours.from(data, "Mars/Olympus"))
                .hasMessageContaining("timeZone");
    }
}
