package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.tools.ToolHandler;
import java.time.InstantSource;

/** Lambda entry point of {@code get_delivery_time} (template.yaml: DeliveryTimeFunction, function key {@code DeliveryTime}). */
public final class DeliveryTimeHandler extends ToolHandler {

    public DeliveryTimeHandler() {
        this(Env.system());
    }

    /** With an explicit environment, for the local stack. */
    public DeliveryTimeHandler(Env env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private DeliveryTimeHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    DeliveryTimeHandler(UseCaseStore useCases, OrderStore orders, InstantSource clock) {
        super(new ReadyTimeTool(Fulfillment.DELIVERY, orders, clock), useCases);
    }
}
