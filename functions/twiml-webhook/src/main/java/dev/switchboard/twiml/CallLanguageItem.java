package dev.switchboard.twiml;

import dev.switchboard.shared.aws.ItemExpiry;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The part of the conversation's state item ({@code CONN#{connectionId}} / {@code STATE}, written by ws-message)
 * that the webhook reads: its {@code language}. {@link DynamoCallLanguages} does the I/O; this converts.
 */
final class CallLanguageItem {

    private CallLanguageItem() {
    }

    /** The item's language; empty when there is no item, it has expired, or it holds no language. */
    static Optional<String> language(Map<String, AttributeValue> item, long nowSeconds) {
        if (item == null || item.isEmpty() || ItemExpiry.passed(item, nowSeconds)) {
            return Optional.empty();
        }
        AttributeValue language = item.get("language");
        return language == null || language.s() == null || language.s().isBlank() ? Optional.empty()
                : Optional.of(language.s());
    }
}
