package dev.switchboard.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between JSON documents and DynamoDB's native types, so a config file becomes an item a person can edit
 * field by field in the console (M, L, S, N, BOOL, NULL), and an item read back becomes the same JSON.
 * String and number sets read as lists; binary values read as Base64 strings.
 */
public final class DynamoItems {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private DynamoItems() {
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, toJson(value)));
        return object;
    }

    public static JsonNode toJson(AttributeValue value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> number(value.n());
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case M -> toJson(value.m());
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case SS -> {
                ArrayNode array = NODES.arrayNode();
                value.ss().forEach(array::add);
                yield array;
            }
            case NS -> {
                ArrayNode array = NODES.arrayNode();
                value.ns().forEach(n -> array.add(number(n)));
                yield array;
            }
            case B -> NODES.textNode(value.b().asUtf8String());
            case BS -> {
                ArrayNode array = NODES.arrayNode();
                value.bs().stream().map(SdkBytes::asUtf8String).forEach(array::add);
                yield array;
            }
            case UNKNOWN_TO_SDK_VERSION -> NODES.nullNode();
        };
    }

    /** A JSON object as a DynamoDB item. */
    public static Map<String, AttributeValue> toItem(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("an item must be a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> item.put(e.getKey(), toAttribute(e.getValue())));
        return item;
    }

    public static AttributeValue toAttribute(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(v -> list.add(toAttribute(v)));
            return AttributeValue.fromL(list);
        }
        if (node.isObject()) {
            return AttributeValue.fromM(toItem(node));
        }
        return AttributeValue.fromS(node.asText());
    }

    private static JsonNode number(String n) {
        BigDecimal value = new BigDecimal(n);
        if (value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0) {
            try {
                long whole = value.longValueExact();
                return whole == (int) whole ? NODES.numberNode((int) whole) : NODES.numberNode(whole);
            } catch (ArithmeticException tooBig) {
                return NODES.numberNode(value);
            }
        }
        double asDouble = value.doubleValue();
        if (Double.isFinite(asDouble) && new BigDecimal(Double.toString(asDouble)).compareTo(value) == 0) {
            return NODES.numberNode(asDouble);
        }
        return NODES.numberNode(value);
    }
}
