package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A placed order, as stored in {@code ORDER#{number}} / {@code ORDER}. Text fields that do not apply are empty.
 *
 * @param number       six digits, easy to read out on the phone
 * @param toolCallId   the model's call that placed it: a retried call finds its own order instead of a second one
 * @param callerNumber E.164 number the caller rang from (where the SMS confirmation goes)
 * @param fulfillment  {@code pickup} or {@code delivery}
 * @param tax          sales tax on the subtotal ({@code data.taxRate})
 * @param status       {@code open} when placed
 * @param readyAt      the estimate given to the caller: ready for pickup, or delivered
 * @param scheduled    placed while the store was closed, for its next opening
 */
record Order(String number, String useCaseId, String callSid, String toolCallId, String callerNumber,
             String customerName, String fulfillment, String address, List<Line> lines, BigDecimal subtotal,
             BigDecimal tax, BigDecimal deliveryFee, BigDecimal total, String currency, String status, Instant createdAt,
             Instant readyAt, boolean scheduled, String notes) {

    static final String OPEN = "open";

    Order {
        lines = List.copyOf(lines);
    }

    /** One line: {@code quantity} x the menu item in {@code size} at the menu's {@code unitPrice}. */
    record Line(String itemId, String name, String size, int quantity, BigDecimal unitPrice, BigDecimal lineTotal,
                String notes) {

        /** {@code 2 x Margherita Pizza (large)}. */
        String describe() {
            return quantity + " x " + name + (size.isEmpty() ? "" : " (" + size + ")");
        }
    }

    boolean delivery() {
        return "delivery".equals(fulfillment);
    }

    int itemCount() {
        return lines.stream().mapToInt(Line::quantity).sum();
    }

    /** Whether this order was placed by this very tool call (a retry finding its own write). */
    boolean placedBy(String callSid, String toolCallId) {
        return this.callSid.equals(callSid) && this.toolCallId.equals(toolCallId);
    }
}
