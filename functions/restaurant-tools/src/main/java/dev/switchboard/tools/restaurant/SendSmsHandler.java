package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.tools.ToolHandler;
import dev.switchboard.shared.tools.UseCaseSource;
import java.time.InstantSource;
import java.util.Map;

/**
 * Lambda entry point of {@code send_sms_confirmation} (template.yaml: SendSmsFunction, function key
 * {@code SendSms}).
 */
public final class SendSmsHandler extends ToolHandler {

    public SendSmsHandler() {
        this(System.getenv());
    }

    /** With an explicit environment, for the local stack. */
    public SendSmsHandler(Map<String, String> env) {
        this(RestaurantAdapters.fromEnv(env));
    }

    private SendSmsHandler(RestaurantAdapters adapters) {
        this(adapters.useCases(), adapters.orders(), adapters.sms(), adapters.clock());
    }

    SendSmsHandler(UseCaseSource useCases, OrderStore orders, SmsSender sms, InstantSource clock) {
        super(new SendSmsTool(orders, sms, clock), useCases);
    }
}
