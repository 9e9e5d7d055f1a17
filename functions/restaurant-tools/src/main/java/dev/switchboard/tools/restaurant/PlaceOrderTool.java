package dev.switchboard.tools.restaurant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.tools.Tool;
import dev.switchboard.shared.tools.ToolInvocation;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolUnavailableException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code place_order}: checks each line against {@code data.menu} (item by id, name or alias; size; quantity),
 * prices it from the menu (never from the model), adds tax and the delivery fee, checks the delivery area and
 * minimum, and stores the order with a six-digit number. While the store is closed the order is taken for the
 * next opening ({@code scheduled}), as the restaurant prompt promises callers. Arguments (configs/restaurant.json):
 * {@code {"customerName": "Ada", "fulfillment": "pickup" | "delivery", "address": "... with ZIP (delivery)",
 * "items": [{"item": "margherita", "size": "large", "quantity": 2, "notes": "..."}], "notes": "..."}}.
 * A retried call (same call and tool-call id) finds the order it already wrote and answers with it.
 */
final class PlaceOrderTool implements Tool {

    private final OrderStore orders;
    private final InstantSource clock;

    PlaceOrderTool(OrderStore orders, InstantSource clock) {
        this.orders = orders;
        this.clock = clock;
    }

    private record Requested(List<RequestedLine> lines, Fulfillment fulfillment, String address, String customerName,
                             String notes) {
    }

    private record RequestedLine(String item, String size, int quantity, String notes) {
    }

    @Override
    public ToolResult run(ToolInvocation invocation) {
        DataSection data = DataSection.root(invocation.useCase().data());
        Menu menu;
        StoreHours hours;
        Kitchen kitchen;
        String currency;
        try {
            menu = Menu.from(data);
            hours = StoreHours.from(data, invocation.useCase().timeZone());
            kitchen = Kitchen.from(data);
            currency = data.text("currency", "USD");
        } catch (RestaurantConfigException e) {
            return RestaurantAnswers.configError(invocation, e);
        }
        List<String> problems = new ArrayList<>();
        Requested requested = parse(invocation.arguments(), kitchen.maxQuantity(), problems);
        if (!problems.isEmpty()) {
            return RestaurantAnswers.invalid(invocation, String.join("; ", problems));
        }
        List<Order.Line> lines = price(menu, requested.lines(), problems);
        if (!problems.isEmpty()) {
            Log.info("order.menu_mismatch", "problems", problems.size());
            return invocation.failed("menu_mismatch", String.join("; ", problems)
                    + ". Nothing was ordered. Check with the caller and call place_order again with menu items.");
        }
        boolean delivery = requested.fulfillment() == Fulfillment.DELIVERY;
        BigDecimal subtotal = lines.stream().map(Order.Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (delivery) {
            Optional<ToolResult> refused = deliveryRefused(invocation, kitchen, requested.address(), subtotal);
            if (refused.isPresent()) {
                return refused.get();
            }
        }

        Instant now = clock.instant();
        int load = orders.openOrdersSince(invocation.request().useCaseId(),
                now.minusSeconds(60L * kitchen.loadWindowMinutes()));
        Optional<ReadyTime> estimate = ReadyTime.estimate(hours, kitchen, now.atZone(hours.zone()), load,
                requested.fulfillment());
        if (estimate.isEmpty()) {
            return invocation.failed("store_closed", "The restaurant has no opening hours in the coming week, "
                    + "so no order can be placed. Nothing was ordered.");
        }
        BigDecimal tax = kitchen.tax(subtotal);
        BigDecimal fee = delivery ? kitchen.deliveryFee() : BigDecimal.ZERO.setScale(2);
        boolean scheduled = estimate.get().status() != ReadyTime.Status.OPEN;
        String callSid = invocation.request().callSid();
        String toolCallId = invocation.request().toolCallId();
        for (int attempt = 0; attempt < OrderNumbers.MAX_ATTEMPTS; attempt++) {
            Order order = new Order(OrderNumbers.number(callSid, toolCallId, attempt),
                    invocation.request().useCaseId(), callSid, toolCallId, invocation.callerNumber(),
                    requested.customerName(), requested.fulfillment().key(), requested.address(), lines, subtotal,
                    tax, fee, subtotal.add(tax).add(fee), currency, Order.OPEN, now,
                    estimate.get().arrivesAt().toInstant(), scheduled, requested.notes());
            if (orders.create(order)) {
                Log.info("order.placed", "orderNumber", order.number(), "items", order.itemCount(),
                        "fulfillment", order.fulfillment(), "openOrders", load, "scheduled", scheduled);
                return invocation.ok(describe(order, hours, now));
            }
            Optional<Order> existing = orders.find(order.number());
            if (existing.isPresent() && existing.get().placedBy(callSid, toolCallId)) {
                orders.relist(existing.get());
                Log.info("order.replayed", "orderNumber", order.number());
                return invocation.ok(describe(existing.get(), hours, now));
            }
        }
        throw new ToolUnavailableException("no free order number after " + OrderNumbers.MAX_ATTEMPTS + " attempts");
    }

    private static Optional<ToolResult> deliveryRefused(ToolInvocation invocation, Kitchen kitchen, String address,
                                                        BigDecimal subtotal) {
        Optional<Boolean> inArea = kitchen.delivers(address);
        if (inArea.isEmpty()) {
            return Optional.of(RestaurantAnswers.invalid(invocation,
                    "address: include the ZIP code so the delivery area can be checked"));
        }
        if (!inArea.get()) {
            return Optional.of(invocation.failed("outside_delivery_area", "That address is outside the delivery "
                    + "area (we deliver to ZIP codes " + String.join(", ", kitchen.zipCodes()) + "). Nothing was "
                    + "ordered; offer pickup instead."));
        }
        if (subtotal.compareTo(kitchen.minimumDelivery()) < 0) {
            return Optional.of(invocation.failed("below_delivery_minimum", "Delivery needs an order of at least "
                    + Menu.money(kitchen.minimumDelivery()) + " before tax; this one is "
                    + Menu.money(subtotal) + ". Nothing was ordered; suggest adding something or choosing pickup."));
        }
        return Optional.empty();
    }

    private static Requested parse(ObjectNode args, int maxQuantity, List<String> problems) {
        List<RequestedLine> lines = new ArrayList<>();
        JsonNode items = args.path("items");
        if (!items.isArray() || items.isEmpty()) {
            problems.add("items: at least one item is required");
        } else {
            for (int i = 0; i < items.size(); i++) {
                JsonNode line = items.get(i);
                String path = "items[" + i + "]";
                String item = line.path("item").asText("").trim();
                if (item.isEmpty()) {
                    problems.add(path + ".item: the menu item's id or name is required");
                }
                JsonNode quantityNode = line.path("quantity");
                int quantity = quantityNode.isMissingNode() ? 1
                        : quantityNode.canConvertToExactIntegral() ? quantityNode.asInt() : 0;
                if (quantity < 1 || quantity > maxQuantity) {
                    problems.add(path + ".quantity: must be a whole number from 1 to " + maxQuantity);
                }
                lines.add(new RequestedLine(item, line.path("size").asText("").trim(), quantity,
                        line.path("notes").asText("").trim()));
            }
        }
        String typeText = args.path("fulfillment").asText("");
        Optional<Fulfillment> fulfillment = Fulfillment.parse(typeText);
        if (fulfillment.isEmpty()) {
            problems.add("fulfillment: must be \"pickup\" or \"delivery\""
                    + (typeText.isBlank() ? " (ask the caller)" : ", got \"" + typeText + "\""));
        }
        boolean delivery = fulfillment.orElse(Fulfillment.PICKUP) == Fulfillment.DELIVERY;
        String address = args.path("address").asText("").trim();
        if (delivery && address.isEmpty()) {
            problems.add("address: required for delivery (ask the caller for the street address and ZIP code)");
        }
        return new Requested(lines, fulfillment.orElse(Fulfillment.PICKUP), delivery ? address : "",
                args.path("customerName").asText("").trim(), args.path("notes").asText("").trim());
    }

    private static List<Order.Line> price(Menu menu, List<RequestedLine> requested, List<String> problems) {
        List<Order.Line> lines = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            RequestedLine r = requested.get(i);
            String path = "items[" + i + "]";
            Optional<Menu.MenuItem> found = menu.find(r.item());
            if (found.isEmpty()) {
                problems.add(path + ".item: \"" + r.item() + "\" is not on the menu (closest: "
                        + String.join(", ", menu.closest(r.item())) + ")");
                continue;
            }
            Menu.MenuItem item = found.get();
            String size = "";
            if (item.hasSizes()) {
                Optional<String> matched = r.size().isEmpty() && item.sizes().size() == 1
                        ? Optional.of(item.sizes().keySet().iterator().next())
                        : item.size(r.size());
                if (matched.isEmpty()) {
                    problems.add(path + ".size: " + item.name() + " comes in " + item.describeSizes()
                            + (r.size().isEmpty() ? "; ask the caller which size" : ", not \"" + r.size() + "\""));
                    continue;
                }
                size = matched.get();
            }
            BigDecimal unit = item.priceOf(size);
            lines.add(new Order.Line(item.id(), item.name(), size, r.quantity(), unit,
                    unit.multiply(BigDecimal.valueOf(r.quantity())), r.notes()));
        }
        return lines;
    }

    private static JsonNode describe(Order order, StoreHours hours, Instant now) {
        ObjectNode json = Json.object();
        json.put("orderNumber", order.number());
        json.put("status", order.status());
        json.put("fulfillment", order.fulfillment());
        if (order.delivery()) {
            json.put("address", order.address());
        }
        ArrayNode items = json.putArray("items");
        for (Order.Line line : order.lines()) {
            ObjectNode l = items.addObject();
            l.put("quantity", line.quantity());
            l.put("item", line.itemId());
            l.put("name", line.name());
            if (!line.size().isEmpty()) {
                l.put("size", line.size());
            }
            l.put("unitPrice", Menu.money(line.unitPrice()));
            l.put("lineTotal", Menu.money(line.lineTotal()));
            if (!line.notes().isEmpty()) {
                l.put("notes", line.notes());
            }
        }
        json.put("subtotal", Menu.money(order.subtotal()));
        json.put("tax", Menu.money(order.tax()));
        if (order.delivery()) {
            json.put("deliveryFee", Menu.money(order.deliveryFee()));
        }
        json.put("total", Menu.money(order.total()));
        json.put("currency", order.currency());
        ZonedDateTime localNow = now.atZone(hours.zone());
        ZonedDateTime ready = order.readyAt().atZone(hours.zone());
        String when = SpokenTime.of(ready, localNow);
        json.put(order.delivery() ? "deliveryAt" : "readyAt", when);
        json.put(order.delivery() ? "deliveryInMinutes" : "readyInMinutes", SpokenTime.minutesUntil(ready, localNow));
        json.put("scheduled", order.scheduled());
        json.put("summary", "Order " + order.number() + " is placed"
                + (order.scheduled() ? " for when the restaurant opens" : "") + ": "
                + String.join(", ", order.lines().stream().map(Order.Line::describe).toList())
                + ". Subtotal " + Menu.money(order.subtotal()) + ", total " + Menu.money(order.total()) + " "
                + order.currency() + " with tax" + (order.delivery() ? " and delivery" : "") + ", "
                + (order.delivery() ? "delivered around " : "ready for pickup around ") + when + ".");
        return json;
    }
}
