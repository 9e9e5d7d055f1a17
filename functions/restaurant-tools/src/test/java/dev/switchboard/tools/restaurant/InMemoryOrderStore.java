package dev.switchboard.tools.restaurant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Orders in memory, with the same conditional-create rule as the DynamoDB adapter, and a switch to fail. */
final class InMemoryOrderStore implements OrderStore {

    final Map<String, Order> orders = new LinkedHashMap<>();
    final List<Order> listings = new ArrayList<>();
    private boolean down;

    void goDown() {
        down = true;
    }

    /** An open order from another call placed at {@code at}, counted as kitchen load. */
    void addOpenOrder(String number, Instant at) {
        Order order = new Order(number, "restaurant", "CAother", "call_other", "+15559990000", "", "pickup", "",
                List.of(), java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ZERO, "USD", Order.OPEN, at, at, false, "");
        orders.put(number, order);
        listings.add(order);
    }

    @Override
    public boolean create(Order order) {
        check();
        if (orders.containsKey(order.number())) {
            return false;
        }
        orders.put(order.number(), order);
        listings.add(order);
        return true;
    }

    @Override
    public void relist(Order order) {
        check();
        if (!listings.contains(order)) {
            listings.add(order);
        }
    }

    @Override
    public Optional<Order> find(String orderNumber) {
        check();
        return Optional.ofNullable(orders.get(orderNumber));
    }

    @Override
    public int openOrdersSince(String useCaseId, Instant since) {
        check();
        return (int) listings.stream().filter(o -> o.useCaseId().equals(useCaseId))
                .filter(o -> !o.createdAt().isBefore(since)).filter(o -> Order.OPEN.equals(o.status())).count();
    }

    private void check() {
        if (down) {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        }
    }
}
