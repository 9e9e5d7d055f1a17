package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.tools.ToolHandler;
import java.time.InstantSource;

/** Lambda entry point of {@code get_pickup_time} (template.yaml: PickupTimeFunction, function key {@code PickupTime}). */
public final class PickupTimeHandler extends ToolHandler {

    public PickupTimeHandler() {
        this(Env.system());
    }

    /** With an explicit environment, for the local stack. */
    public PickupTimeHandler(Env env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private PickupTimeHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    PickupTimeHandler(UseCaseStore useCases, OrderStore orders, InstantSource clock) {
        super(new ReadyTimeTool(Fulfillment.PICKUP, orders, clock), useCases);
    }
}
