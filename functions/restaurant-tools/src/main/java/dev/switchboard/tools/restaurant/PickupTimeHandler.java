package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.tools.ToolHandler;

/** Lambda entry point of {@code get_pickup_time} (template.yaml: PickupTimeFunction, function key {@code PickupTime}). */
public final class PickupTimeHandler extends ToolHandler {

    public PickupTimeHandler() {
        this(RestaurantPorts.fromEnv(Env.system()));
    }

    /** With the given stores and clock (tests, the local stack). */
    public PickupTimeHandler(RestaurantPorts ports) {
        super(new ReadyTimeTool(Fulfillment.PICKUP, ports.orders(), ports.clock()), ports.useCases());
    }
}
