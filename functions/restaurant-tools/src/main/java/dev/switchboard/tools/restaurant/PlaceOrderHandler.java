package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.tools.ToolHandler;
import dev.switchboard.shared.tools.UseCaseSource;
import java.time.InstantSource;
import java.util.Map;

/** Lambda entry point of {@code place_order} (template.yaml: PlaceOrderFunction, function key {@code PlaceOrder}). */
public final class PlaceOrderHandler extends ToolHandler {

    public PlaceOrderHandler() {
        this(System.getenv());
    }

    /** With an explicit environment, for the local stack. */
    public PlaceOrderHandler(Map<String, String> env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private PlaceOrderHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    PlaceOrderHandler(UseCaseSource useCases, OrderStore orders, InstantSource clock) {
        super(new PlaceOrderTool(orders, clock), useCases);
    }
}
