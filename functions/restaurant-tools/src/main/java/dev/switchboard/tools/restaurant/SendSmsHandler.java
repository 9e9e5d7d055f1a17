package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.tools.ToolHandler;
import java.time.InstantSource;

/**
 * Lambda entry point of {@code send_sms_confirmation} (template.yaml: SendSmsFunction, function key
 * {@code SendSms}).
 */
public final class SendSmsHandler extends ToolHandler {

    public SendSmsHandler() {
        this(Env.system());
    }

    /** With an explicit environment, for the local stack. */
    public SendSmsHandler(Env env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private SendSmsHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.sms(), adapters.clock());
    }

    SendSmsHandler(UseCaseStore useCases, OrderStore orders, SmsSender sms, InstantSource clock) {
        super(new SendSmsTool(orders, sms, clock), useCases);
    }
}
