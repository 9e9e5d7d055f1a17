package dev.switchboard.tools.restaurant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.tools.Tool;
import dev.switchboard.shared.tools.ToolInvocation;
import dev.switchboard.shared.tools.ToolResult;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code send_sms_confirmation}: texts the summary of an order placed on this call to the number the caller rang
 * from. Arguments: {@code {"orderNumber": "482917"}}. Only orders of the same call are sent (a model cannot text
 * someone else's order), and only to the caller's own number. When SMS is not set up, or Twilio refuses, the
 * tool says so; it never claims a text went out that did not.
 */
final class SendSmsTool implements Tool {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final int MAX_BODY = 1600;

    private final OrderStore orders;
    private final SmsSender sms;
    private final InstantSource clock;

    SendSmsTool(OrderStore orders, SmsSender sms, InstantSource clock) {
        this.orders = orders;
        this.sms = sms;
        this.clock = clock;
    }

    @Override
    public ToolResult run(ToolInvocation invocation) {
        String number = invocation.arguments().path("orderNumber").asText("").trim();
        if (number.isEmpty()) {
            return RestaurantAnswers.invalid(invocation, "orderNumber: required (the number place_order returned)");
        }
        Optional<Order> found = orders.find(number)
                .filter(o -> o.callSid().equals(invocation.request().callSid()));
        if (found.isEmpty()) {
            return invocation.failed("order_not_found", "There is no order " + number + " placed on this call. "
                    + "Use the orderNumber that place_order returned.");
        }
        Order order = found.get();
        String to = order.callerNumber().isEmpty() ? invocation.callerNumber() : order.callerNumber();
        if (!E164.matcher(to).matches()) {
            return invocation.failed("no_caller_number", "The caller's number is withheld or cannot receive texts, "
                    + "so no text was sent. Read the order number to the caller instead.");
        }
        String restaurant;
        try {
            restaurant = DataSection.root(invocation.useCase().data()).text("name", "");
        } catch (RestaurantConfigException e) {
            restaurant = "";
        }
        String body = body(order, restaurant, zone(invocation.useCase().timeZone()));
        try {
            SmsSender.SmsReceipt receipt = sms.send(to, body);
            Log.info("sms.sent", "orderNumber", order.number(), "to", Log.maskNumber(to), "sid", receipt.sid());
            ObjectNode json = Json.object();
            json.put("sent", true);
            json.put("orderNumber", order.number());
            json.put("toLastDigits", to.substring(to.length() - 4));
            json.put("summary", "A text with the order summary was sent to the caller's number ending in "
                    + to.substring(to.length() - 4) + ".");
            return invocation.ok(json);
        } catch (SmsException e) {
            return notSent(invocation, e, to);
        }
    }

    private static ToolResult notSent(ToolInvocation invocation, SmsException e, String to) {
        String instead = " No text was sent; tell the caller and read the order number to them instead.";
        switch (e.kind()) {
            case NOT_CONFIGURED -> {
                Log.warn("sms.not_configured", "reason", e.getMessage());
                return invocation.failed("sms_not_configured",
                        "Text messages are not set up for this restaurant." + instead);
            }
            case REJECTED -> {
                Log.warn("sms.rejected", "status", e.httpStatus(), "twilioCode", e.twilioCode(),
                        "to", Log.maskNumber(to));
                return invocation.failed("sms_rejected", "The text message service refused to text this number"
                        + (e.twilioCode() == 0 ? "" : " (Twilio error " + e.twilioCode() + ")") + "." + instead);
            }
            case UNAUTHORIZED -> {
                Log.error("sms.unauthorized", e, "status", e.httpStatus(), "twilioCode", e.twilioCode());
                return invocation.failed("sms_unavailable", "The text message service is not working right now."
                        + instead);
            }
            default -> {
                Log.error("sms.unavailable", e, "status", e.httpStatus(), "twilioCode", e.twilioCode());
                return invocation.failed("sms_unavailable", "The text message service is not answering right now."
                        + instead);
            }
        }
    }

    /** {@code Luigi's: order 482917 confirmed. 2 x Margherita Pizza (large). Total $28.00. Pickup around 6:45 PM.} */
    String body(Order order, String restaurant, ZoneId zone) {
        ZonedDateTime now = clock.instant().atZone(zone);
        String when = SpokenTime.written(order.readyAt().atZone(zone), now);
        String text = (restaurant.isEmpty() ? "Your order" : restaurant + ": order") + " " + order.number()
                + " confirmed. "
                + String.join(", ", order.lines().stream().map(Order.Line::describe).toList()) + ". "
                + "Total " + money(order) + ". "
                + (order.delivery() ? "Delivery to " + order.address() + " around " + when : "Pickup around " + when)
                + ".";
        return text.length() <= MAX_BODY ? text : text.substring(0, MAX_BODY - 1) + "…";
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    private static String money(Order order) {
        String amount = Menu.money(order.total());
        try {
            String symbol = Currency.getInstance(order.currency()).getSymbol(Locale.US);
            return symbol.equals(order.currency()) ? amount + " " + symbol : symbol + amount;
        } catch (IllegalArgumentException e) {
            return amount + " " + order.currency();
        }
    }
}
