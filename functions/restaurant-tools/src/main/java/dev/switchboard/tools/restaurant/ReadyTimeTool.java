package dev.switchboard.tools.restaurant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.Tool;
import dev.switchboard.shared.tools.ToolInvocation;
import dev.switchboard.shared.tools.ToolResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code get_pickup_time} and {@code get_delivery_time}: when an order placed now would be ready (or delivered),
 * from the store hours in {@code data.hours} (in the use case's time zone) and the kitchen's load: open orders
 * placed in the last {@code data.kitchen.loadWindowMinutes}. Closed, or closing before the food could be ready:
 * says when the store opens and the earliest time then. Delivery adds {@code data.delivery.travelMinutes} and,
 * given an {@code address}, says whether it is in the delivery area ({@code data.delivery.zipCodes}).
 * Arguments: none for pickup; {@code {"address": "..."}} for delivery.
 */
final class ReadyTimeTool implements Tool {

    private final Fulfillment fulfillment;
    private final OrderStore orders;
    private final InstantSource clock;

    ReadyTimeTool(Fulfillment fulfillment, OrderStore orders, InstantSource clock) {
        this.fulfillment = fulfillment;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public ToolResult run(ToolInvocation invocation) {
        DataSection data = DataSection.root(invocation.useCase().data());
        StoreHours hours;
        Kitchen kitchen;
        try {
            hours = StoreHours.from(data, invocation.useCase().timeZone());
            kitchen = Kitchen.from(data);
        } catch (RestaurantConfigException e) {
            return RestaurantAnswers.configError(invocation, e);
        }
        Instant now = clock.instant();
        boolean delivery = fulfillment == Fulfillment.DELIVERY;
        String address = invocation.arguments().path("address").asText("").trim();
        if (delivery && !address.isEmpty()) {
            Optional<Boolean> inArea = kitchen.delivers(address);
            if (inArea.isPresent() && !inArea.get()) {
                ObjectNode json = Json.object();
                json.put("fulfillment", fulfillment.key());
                json.put("address", address);
                json.put("inDeliveryArea", false);
                json.put("summary", "That address is outside the delivery area (we deliver to ZIP codes "
                        + String.join(", ", kitchen.zipCodes()) + "). Offer pickup instead.");
                return invocation.ok(json);
            }
        }
        int load = orders.openOrdersSince(invocation.request().useCaseId(),
                now.minusSeconds(60L * kitchen.loadWindowMinutes()));
        Optional<ReadyTime> estimate = ReadyTime.estimate(hours, kitchen, now.atZone(hours.zone()), load,
                fulfillment);
        if (estimate.isEmpty()) {
            return invocation.failed("store_closed",
                    "The restaurant has no opening hours in the coming week. Tell the caller it is closed.");
        }
        ReadyTime t = estimate.get();
        ObjectNode json = Json.object();
        json.put("fulfillment", fulfillment.key());
        json.put("status", t.status().name().toLowerCase(java.util.Locale.ROOT));
        if (delivery && !address.isEmpty()) {
            json.put("address", address);
            Optional<Boolean> inArea = kitchen.delivers(address);
            if (inArea.isPresent()) {
                json.put("inDeliveryArea", true);
            } else {
                json.put("inDeliveryArea", "unknown");
                json.put("note", "The address has no ZIP code; ask for it to confirm we deliver there.");
            }
        }
        String what = delivery ? "delivered" : "ready for pickup";
        switch (t.status()) {
            case OPEN -> {
                json.put("openOrders", t.openOrders());
                json.put(delivery ? "deliveryInMinutes" : "readyInMinutes",
                        delivery ? t.arrivesInMinutes() : t.readyInMinutes());
                json.put(delivery ? "deliveryAt" : "readyAt", t.spoken(t.arrivesAt()));
                json.put("closesAt", t.spoken(t.closesAt().orElseThrow()));
                json.put("summary", "An order placed now would be " + what + " in about "
                        + (delivery ? t.arrivesInMinutes() : t.readyInMinutes()) + " minutes, around "
                        + t.spoken(t.arrivesAt()) + (t.openOrders() > 0 ? " (the kitchen has " + t.openOrders()
                        + " open order" + (t.openOrders() == 1 ? "" : "s") + ")" : "") + ".");
            }
            case CLOSING -> {
                json.put("closesAt", t.spoken(t.closesAt().orElseThrow()));
                json.put("opensAt", t.spoken(t.opensAt().orElseThrow()));
                json.put(delivery ? "earliestDelivery" : "earliestPickup", t.spoken(t.arrivesAt()));
                json.put("summary", "The kitchen closes at " + t.spoken(t.closesAt().orElseThrow())
                        + ", too soon for a new order. It opens again at " + t.spoken(t.opensAt().orElseThrow())
                        + "; the earliest an order could be " + what + " is " + t.spoken(t.arrivesAt()) + ".");
            }
            case CLOSED -> {
                json.put("opensAt", t.spoken(t.opensAt().orElseThrow()));
                json.put(delivery ? "earliestDelivery" : "earliestPickup", t.spoken(t.arrivesAt()));
                json.put("summary", "The restaurant is closed right now and opens at "
                        + t.spoken(t.opensAt().orElseThrow()) + "; the earliest an order could be " + what + " is "
                        + t.spoken(t.arrivesAt()) + ".");
            }
        }
        return invocation.ok(json);
    }
}
