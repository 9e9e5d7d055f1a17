package dev.switchboard.tools.restaurant;

import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When an order placed now would be ready (and, for delivery, arrive), given the store hours and the kitchen's
 * load.
 *
 * @param status     {@link Status#OPEN} when an order placed now can be made today; {@link Status#CLOSING} when
 *                   the store is open but the order would not be ready before closing; {@link Status#CLOSED}
 * @param readyAt    when the food is ready (at the next opening when not {@code OPEN})
 * @param arrivesAt  {@code readyAt} plus travel time for delivery, {@code readyAt} for pickup
 * @param opensAt    the next opening when not {@code OPEN}
 * @param closesAt   the end of the current opening when the store is open
 * @param openOrders open orders counted as load
 */
record ReadyTime(Status status, ZonedDateTime now, ZonedDateTime readyAt, ZonedDateTime arrivesAt,
                 Optional<ZonedDateTime> opensAt, Optional<ZonedDateTime> closesAt, int openOrders) {

    enum Status { OPEN, CLOSING, CLOSED }

    /**
     * The estimate for an order placed at {@code now}; empty when the store has no opening in the next week.
     * The food must be ready before the current opening ends; a delivery arrives {@link Kitchen#travelMinutes}
     * after the food is ready.
     */
    static Optional<ReadyTime> estimate(StoreHours hours, Kitchen kitchen, ZonedDateTime now, int openOrders,
                                        Fulfillment fulfillment) {
        boolean delivery = fulfillment == Fulfillment.DELIVERY;
        ZonedDateTime local = now.withZoneSameInstant(hours.zone());
        Optional<StoreHours.Opening> current = hours.openingAt(local);
        int travel = delivery ? kitchen.travelMinutes() : 0;
        ZonedDateTime readyToday = local.plusMinutes(kitchen.prepMinutes(openOrders));
        if (current.isPresent() && !readyToday.isAfter(current.get().end())) {
            ZonedDateTime arrives = readyToday.plusMinutes(travel);
            return Optional.of(new ReadyTime(Status.OPEN, local, readyToday, arrives, Optional.empty(),
                    Optional.of(current.get().end()), openOrders));
        }
        ZonedDateTime after = current.map(StoreHours.Opening::end).orElse(local);
        return hours.nextOpeningAfter(after).map(next -> {
            // the queue of now is long done by the next opening: only the idle times count
            ZonedDateTime ready = next.start().plusMinutes(kitchen.prepMinutes(0));
            ZonedDateTime arrives = ready.plusMinutes(travel);
            return new ReadyTime(current.isPresent() ? Status.CLOSING : Status.CLOSED, local, ready, arrives,
                    Optional.of(next.start()), current.map(StoreHours.Opening::end), openOrders);
        });
    }

    /** Whole minutes from now until the food is ready. */
    long readyInMinutes() {
        return SpokenTime.minutesUntil(readyAt, now);
    }

    long arrivesInMinutes() {
        return SpokenTime.minutesUntil(arrivesAt, now);
    }

    /** {@code 6:45 PM today}, relative to {@link #now}. */
    String spoken(ZonedDateTime time) {
        return SpokenTime.of(time, now);
    }
}
