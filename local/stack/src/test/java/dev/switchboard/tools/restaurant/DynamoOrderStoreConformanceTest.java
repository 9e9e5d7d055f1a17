package dev.switchboard.tools.restaurant;

import dev.switchboard.local.dynalite.DynamoPair;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DynamoOrderStore} (package-private, hence this package in the local stack's tests) against LocalDynamoDb
 * and dynalite: the same answers and the same items on both, money and quantities included.
 */
class DynamoOrderStoreConformanceTest {

    private static final String TABLE = "switchboard";
    private static final Instant PLACED = Instant.parse("2026-03-03T18:30:00Z");

    private static DynamoPair dynamos;

    @BeforeAll
    static void start() {
        dynamos = DynamoPair.start(Duration.ofMillis(100));
        dynamos.createTable(TABLE);
    }

    @AfterAll
    static void stop() {
        if (dynamos != null) {
            dynamos.close();
        }
    }

    private static Order order(String number, Instant at, String status) {
        return new Order(number, "restaurant", "CA1", "call_" + number, "+14155550123", "Ada", "delivery",
                "12 Main St, 10012", List.of(new Order.Line("margherita", "Margherita Pizza", "large", 2,
                new BigDecimal("14.50"), new BigDecimal("29.00"), "extra basil")),
                new BigDecimal("29.00"), new BigDecimal("2.57"), new BigDecimal("3.50"), new BigDecimal("35.07"),
                "USD", status, at, at.plus(Duration.ofMinutes(40)), true, "ring twice");
    }

    @Test
    void ordersBehaveAlike() {
        dynamos.sameOnBoth(client -> {
            List<Object> seen = new ArrayList<>();
            DynamoOrderStore store = new DynamoOrderStore(client, TABLE, InstantSource.fixed(PLACED));
            seen.add(store.create(order("100001", PLACED.minusSeconds(600), "open")));
            seen.add(store.create(order("100001", PLACED, "open")));
            seen.add(store.create(order("100002", PLACED.minusSeconds(1200), "open")));
            seen.add(store.create(order("100003", PLACED.minusSeconds(3000), "open")));
            seen.add(store.create(order("100004", PLACED.minusSeconds(300), "cancelled")));
            store.relist(order("100002", PLACED.minusSeconds(1200), "cancelled"));
            seen.add(store.find("100001"));
            seen.add(store.find("999999"));
            seen.add(store.openOrdersSince("restaurant", PLACED.minusSeconds(1800)));
            seen.add(store.openOrdersSince("elsewhere", PLACED.minusSeconds(1800)));
            seen.add(DynamoPair.partition(client, TABLE, "ORDER#100001"));
            seen.add(DynamoPair.partition(client, TABLE, "USECASE#restaurant"));
            return seen;
        });
    }
}
