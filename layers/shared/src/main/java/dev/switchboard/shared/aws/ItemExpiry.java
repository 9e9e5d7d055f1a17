package dev.switchboard.shared.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether an item's TTL ({@code expiresAt}, epoch seconds) has passed. DynamoDB deletes expired items late and
 * emulators never do, so reads check it themselves.
 */
public final class ItemExpiry {

    private ItemExpiry() {
    }

    /** True when {@code expiresAt} is at or before {@code nowSeconds}; an item without a (readable) TTL never expires. */
    public static boolean passed(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get("expiresAt");
        if (expiresAt == null || expiresAt.n() == null) {
            return false;
        }
        try {
            return Long.parseLong(expiresAt.n()) <= nowSeconds;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
