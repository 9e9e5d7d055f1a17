package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.tools.ToolHandler;
import dev.switchboard.shared.tools.UseCaseSource;
import java.time.InstantSource;
import java.util.Map;

/** Lambda entry point of {@code get_pickup_time} (template.yaml: PickupTimeFunction, function key {@code PickupTime}). */
public final class PickupTimeHandler extends ToolHandler {

    public PickupTimeHandler() {
        this(System.getenv());
    }

    /** With an explicit environment, for the local stack. */
    public PickupTimeHandler(Map<String, String> env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private PickupTimeHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    PickupTimeHandler(UseCaseSource useCases, OrderStore orders, InstantSource clock) {
        super(new ReadyTimeTool(Fulfillment.PICKUP, orders, clock), useCases);
    }
}
