package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.tools.ToolHandler;

/** Lambda entry point of {@code place_order} (template.yaml: PlaceOrderFunction, function key {@code PlaceOrder}). */
public final class PlaceOrderHandler extends ToolHandler {

    public PlaceOrderHandler() {
        this(RestaurantPorts.fromEnv(Env.system()));
    }

    /** With the given stores and clock (tests, the local stack). */
    public PlaceOrderHandler(RestaurantPorts ports) {
        super(new PlaceOrderTool(ports.orders(), ports.clock()), ports.useCases());
    }
}
