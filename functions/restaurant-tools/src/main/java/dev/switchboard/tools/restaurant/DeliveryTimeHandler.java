package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.tools.ToolHandler;
import dev.switchboard.shared.tools.UseCaseSource;
import java.time.InstantSource;
import java.util.Map;

/** Lambda entry point of {@code get_delivery_time} (template.yaml: DeliveryTimeFunction, function key {@code DeliveryTime}). */
public final class DeliveryTimeHandler extends ToolHandler {

    public DeliveryTimeHandler() {
        this(System.getenv());
    }

    /** With an explicit environment, for the local stack. */
    public DeliveryTimeHandler(Map<String, String> env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private DeliveryTimeHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.clock());
    }

    DeliveryTimeHandler(UseCaseSource useCases, OrderStore orders, InstantSource clock) {
        super(new ReadyTimeTool(Fulfillment.DELIVERY, orders, clock), useCases);
    }
}
