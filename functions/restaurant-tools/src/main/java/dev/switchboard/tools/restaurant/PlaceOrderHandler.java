package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.tools.ToolHandler;
import java.time.InstantSource;

/** Lambda entry point of {@code place_order} (template.yaml: PlaceOrderFunction, function key {@code PlaceOrder}). */
public final class PlaceOrderHandler extends ToolHandler {

    public PlaceOrderHandler() {
        this(Env.system());
    }

    /** With an explicit environment, for the local stack. */
    public PlaceOrderHandler(Env env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private PlaceOrderHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    PlaceOrderHandler(UseCaseStore useCases, OrderStore orders, InstantSource clock) {
        super(new PlaceOrderTool(orders, clock), useCases);
    }
}
