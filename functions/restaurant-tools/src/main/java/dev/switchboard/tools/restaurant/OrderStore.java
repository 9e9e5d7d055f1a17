package dev.switchboard.tools.restaurant;

import java.time.Instant;
import java.util.Optional;

/** Where orders live. The adapter is {@link DynamoOrderStore}; SDK exceptions propagate. */
public interface OrderStore {

    /** Writes the order if its number is free, and lists it for {@link #openOrdersSince}; false when taken. */
    boolean create(Order order);

    /** Lists an existing order for {@link #openOrdersSince} again (idempotent), for a retried call. */
    void relist(Order order);

    /** The order with this number, unless it has expired. */
    Optional<Order> find(String orderNumber);

    /** How many open orders of the use case were placed at or after {@code since}. */
    int openOrdersSince(String useCaseId, Instant since);
}
