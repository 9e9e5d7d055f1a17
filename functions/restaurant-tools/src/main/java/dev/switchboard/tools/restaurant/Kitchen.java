package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How long orders take, from {@code data.kitchen} and {@code data.delivery} (all optional):
 * {@code "kitchen": {"prepMinutes": 15, "minutesPerOpenOrder": 3, "loadWindowMinutes": 45, "maxQuantity": 20}},
 * {@code "delivery": {"travelMinutes": 25, "fee": 3.5}}.
 *
 * @param prepMinutes         preparation time of an order when the kitchen is idle
 * @param minutesPerOpenOrder extra minutes for each open order placed in the load window
 * @param loadWindowMinutes   how far back open orders count as kitchen load
 * @param maxQuantity         the most of one item a single order line may ask for
 * @param travelMinutes       delivery driving time added to the ready time
 * @param deliveryFee         added to delivery orders
 */
record Kitchen(int prepMinutes, int minutesPerOpenOrder, int loadWindowMinutes, int maxQuantity, int travelMinutes,
               BigDecimal deliveryFee) {

    static Kitchen from(DataSection data) {
        DataSection kitchen = data.section("kitchen").orElse(new DataSection("data.kitchen", java.util.Map.of()));
        DataSection delivery = data.section("delivery").orElse(new DataSection("data.delivery", java.util.Map.of()));
        BigDecimal fee = delivery.decimal("fee").orElse(BigDecimal.ZERO);
        if (fee.signum() < 0) {
            throw new RestaurantConfigException("data.delivery.fee", "must not be negative");
        }
        return new Kitchen(
                kitchen.wholeNumber("prepMinutes", 15, 0, 24 * 60),
                kitchen.wholeNumber("minutesPerOpenOrder", 3, 0, 240),
                kitchen.wholeNumber("loadWindowMinutes", 45, 1, 24 * 60),
                kitchen.wholeNumber("maxQuantity", 20, 1, 1000),
                delivery.wholeNumber("travelMinutes", 25, 0, 24 * 60),
                fee.setScale(2, RoundingMode.HALF_UP));
    }

    /** Preparation time with {@code openOrders} ahead in the queue. */
    int prepMinutes(int openOrders) {
        return prepMinutes + minutesPerOpenOrder * openOrders;
    }
}
