package dev.switchboard.tools.restaurant;

import java.util.Locale;
import java.util.Optional;

/** How the caller gets the food. */
enum Fulfillment {
    PICKUP, DELIVERY;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code pickup} (also "pick up", "collection", "takeout") or {@code delivery}. */
    static Optional<Fulfillment> parse(String text) {
        String t = Menu.normalize(text).replace(" ", "");
        return switch (t) {
            case "pickup", "collection", "collect", "takeout", "takeaway" -> Optional.of(PICKUP);
            case "delivery", "deliver" -> Optional.of(DELIVERY);
            default -> Optional.empty();
        };
    }
}
