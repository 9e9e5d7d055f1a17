package dev.switchboard.shared.config;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Keys of the config items in the single table ({@code pk} / {@code sk}). */
public final class ConfigKeys {

    public static final String DEFAULT_ROUTE = "default";

    private ConfigKeys() {
    }

    /** {@code USECASE#{id}} / {@code CONFIG}. */
    public static Map<String, AttributeValue> useCase(String id) {
        return key("USECASE#" + id, "CONFIG");
    }

    /** {@code ROUTE#{number}} / {@code ROUTE}; {@code number} is E.164 or {@value #DEFAULT_ROUTE}. */
    public static Map<String, AttributeValue> route(String number) {
        return key("ROUTE#" + number, "ROUTE");
    }

    /** {@code CALLER#{number}} / {@code PROFILE}. */
    public static Map<String, AttributeValue> caller(String number) {
        return key("CALLER#" + number, "PROFILE");
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }
}
