package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.tools.ToolHandler;

/**
 * Lambda entry point of {@code send_sms_confirmation} (template.yaml: SendSmsFunction, function key
 * {@code SendSms}).
 */
public final class SendSmsHandler extends ToolHandler {

    public SendSmsHandler() {
        this(RestaurantPorts.fromEnvWithSms(Env.system()));
    }

    /** With the given stores and clock (tests, the local stack). */
    public SendSmsHandler(RestaurantPorts ports) {
        super(new SendSmsTool(ports.orders(), ports.sms(), ports.clock()), ports.useCases());
    }
}
