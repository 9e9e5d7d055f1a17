package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long orders take and what they cost on top of the menu, from the use case's {@code data} (the shape of
 * {@code configs/restaurant.json}; every field optional):
 * {@code "kitchen": {"prepMinutes": 15, "minutesPerOpenOrder": 3, "loadWindowMinutes": 45, "maxQuantity": 20}},
 * {@code "delivery": {"travelMinutes": 25, "fee": 3.99, "minimumOrder": 15, "zipCodes": ["10012"]}},
 * {@code "taxRate": 0.08875}.
 *
 * @param prepMinutes         preparation time of an order when the kitchen is idle
 * @param minutesPerOpenOrder extra minutes for each open order placed in the load window
 * @param loadWindowMinutes   how far back open orders count as kitchen load
 * @param maxQuantity         the most of one item a single order line may ask for
 * @param travelMinutes       delivery driving time added to the ready time
 * @param deliveryFee         added to delivery orders
 * @param minimumDelivery     smallest subtotal (before tax) delivered; zero for none
 * @param zipCodes            the delivery area; empty means no area check
 * @param taxRate             sales tax as a fraction of the subtotal
 */
record Kitchen(int prepMinutes, int minutesPerOpenOrder, int loadWindowMinutes, int maxQuantity, int travelMinutes,
               BigDecimal deliveryFee, BigDecimal minimumDelivery, List<String> zipCodes, BigDecimal taxRate) {

    private static final Pattern ZIP = Pattern.compile("\\b(\\d{5})(?:-\\d{4})?\\b");

    Kitchen {
        zipCodes = List.copyOf(zipCodes);
    }

    static Kitchen from(DataSection data) {
        DataSection kitchen = data.section("kitchen").orElse(new DataSection("data.kitchen", Map.of()));
        DataSection delivery = data.section("delivery").orElse(new DataSection("data.delivery", Map.of()));
        BigDecimal taxRate = data.decimal("taxRate").orElse(BigDecimal.ZERO);
        if (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) >= 0) {
            throw new RestaurantConfigException("data.taxRate", "must be a fraction such as 0.08875");
        }
        return new Kitchen(
                kitchen.wholeNumber("prepMinutes", 15, 0, 24 * 60),
                kitchen.wholeNumber("minutesPerOpenOrder", 3, 0, 240),
                kitchen.wholeNumber("loadWindowMinutes", 45, 1, 24 * 60),
                kitchen.wholeNumber("maxQuantity", 20, 1, 1000),
                delivery.wholeNumber("travelMinutes", 25, 0, 24 * 60),
                money("data.delivery.fee", delivery.decimal("fee").orElse(BigDecimal.ZERO)),
                money("data.delivery.minimumOrder", delivery.decimal("minimumOrder").orElse(BigDecimal.ZERO)),
                delivery.list("zipCodes").orElse(List.of()).stream().map(String::valueOf).map(String::trim).toList(),
                taxRate);
    }

    /** Preparation time with {@code openOrders} ahead in the queue. */
    int prepMinutes(int openOrders) {
        return prepMinutes + minutesPerOpenOrder * openOrders;
    }

    BigDecimal tax(BigDecimal subtotal) {
        return subtotal.multiply(taxRate).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * Whether {@code address} is in the delivery area: true or false by its ZIP code (the last five-digit group,
     * since house numbers come first), empty when it has no ZIP code to check. Always true when the config lists
     * no ZIP codes.
     */
    Optional<Boolean> delivers(String address) {
        if (zipCodes.isEmpty()) {
            return Optional.of(true);
        }
        Matcher m = ZIP.matcher(address);
        String zip = null;
        while (m.find()) {
            zip = m.group(1);
        }
        return zip == null ? Optional.empty() : Optional.of(zipCodes.contains(zip));
    }

    private static BigDecimal money(String path, BigDecimal value) {
        if (value.signum() < 0) {
            throw new RestaurantConfigException(path, "must not be negative");
        }
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
