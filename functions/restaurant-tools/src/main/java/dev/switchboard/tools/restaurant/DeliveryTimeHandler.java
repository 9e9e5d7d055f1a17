package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.tools.ToolHandler;

/** Lambda entry point of {@code get_delivery_time} (template.yaml: DeliveryTimeFunction, function key {@code DeliveryTime}). */
public final class DeliveryTimeHandler extends ToolHandler {

    public DeliveryTimeHandler() {
        this(RestaurantPorts.fromEnv(Env.system()));
    }

    /** With the given stores and clock (tests, the local stack). */
    public DeliveryTimeHandler(RestaurantPorts ports) {
        super(new ReadyTimeTool(Fulfillment.DELIVERY, ports.orders(), ports.clock()), ports.useCases());
    }
}
