package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Attribute values as DynamoDB JSON ({@code {"S":"x"}}, {@code {"N":"1"}}, ...): checking them, numbers in
 * DynamoDB's canonical form (so equal numbers are equal nodes), ordering, sizes by DynamoDB's rules and document
 * paths. Types S, N, B, BOOL, NULL, M and L; the set types are not supported.
 */
final class Values {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long MAX_ITEM_BYTES = 400 * 1024;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

    private Values() {}

    /** A checked copy of an item or a map of values ({@code Item}, {@code Key}, {@code ExpressionAttributeValues}). */
    static ObjectNode map(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DynamoException.validation("Start of structure or map found where not expected");
        }
        ObjectNode out = NODES.objectNode();
        node.properties().forEach(e -> out.set(e.getKey(), value(e.getValue())));
        return out;
    }

    /** A checked copy of one value, its number normalised. */
    static JsonNode value(JsonNode v) {
        if (v == null || !v.isObject() || v.size() != 1) {
            throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                    + "exactly one of the supported datatypes");
        }
        String type = type(v);
        JsonNode inner = v.get(type);
        JsonNode checked = switch (type) {
            case "S" -> inner.isTextual() ? v.deepCopy() : null;
            case "BOOL" -> inner.isBoolean() ? v.deepCopy() : null;
            case "NULL" -> inner.isBoolean() && inner.booleanValue() ? v.deepCopy() : null;
            case "B" -> inner.isTextual() && base64(inner.asText()) ? v.deepCopy() : null;
            case "N" -> inner.isTextual() ? NODES.objectNode().put("N", number(inner.asText()).toPlainString()) : null;
            case "M" -> inner.isObject() ? NODES.objectNode().set("M", map(inner)) : null;
            case "L" -> inner.isArray() ? NODES.objectNode().set("L",
                    NODES.arrayNode().addAll(inner.valueStream().map(Values::value).toList())) : null;
            default -> throw DynamoException.validation("LocalDynamoDb does not support the " + type + " type");
        };
        if (checked == null) {
            throw DynamoException.validation("Supplied AttributeValue is not valid for type " + type);
        }
        return checked;
    }

    private static boolean base64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String type(JsonNode v) {
        return v.fieldNames().next();
    }

    static BigDecimal number(String text) {
        BigDecimal n;
        try {
            n = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        n = n.stripTrailingZeros();
        if (n.precision() > 38) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        if (n.abs().compareTo(MAX_MAGNITUDE) > 0 || n.abs().compareTo(MIN_MAGNITUDE) < 0) {
            throw DynamoException.validation("Number overflow. Attempting to store a number with magnitude larger "
                    + "than supported range");
        }
        return n;
    }

    static JsonNode number(BigDecimal n) {
        return NODES.objectNode().put("N", number(n.toPlainString()).toPlainString());
    }

    /** Whether {@code <} and {@code >} apply: both S, both N or both B. */
    static boolean ordered(JsonNode a, JsonNode b) {
        String type = type(a);
        return type.equals(type(b)) && List.of("S", "N", "B").contains(type);
    }

    /** Orders two values of the same scalar type: numbers by value, strings and binaries by unsigned bytes. */
    static int compare(JsonNode a, JsonNode b) {
        String type = type(a);
        String x = a.get(type).asText();
        String y = b.get(type).asText();
        return switch (type) {
            case "N" -> new BigDecimal(x).compareTo(new BigDecimal(y));
            case "B" -> Arrays.compareUnsigned(Base64.getDecoder().decode(x), Base64.getDecoder().decode(y));
            default -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** DynamoDB's item size: names and values, strings by UTF-8 bytes, numbers by their digits. */
    static long size(ObjectNode item) {
        return item.propertyStream().mapToLong(e -> utf8(e.getKey()) + size(e.getValue())).sum();
    }

    /** Rejects an item over DynamoDB's 400 KB. */
    static void checkSize(ObjectNode item) {
        if (size(item) > MAX_ITEM_BYTES) {
            throw DynamoException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static long size(JsonNode v) {
        String type = type(v);
        JsonNode inner = v.get(type);
        return switch (type) {
            case "S" -> utf8(inner.asText());
            case "B" -> Base64.getDecoder().decode(inner.asText()).length;
            case "N" -> numberSize(new BigDecimal(inner.asText()));
            case "M" -> 3 + inner.properties().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
            case "L" -> 3 + inner.valueStream().mapToLong(e -> 1 + size(e)).sum();
            default -> 1;
        };
    }

    private static long numberSize(BigDecimal n) {
        if (n.signum() == 0) {
            return 1;
        }
        int exponent = n.precision() - n.scale() - 1;
        long size = (n.precision() + (Math.floorMod(exponent, 2) == 0 ? 1 : 0) + 1) / 2 + 1;
        return n.signum() < 0 ? size + 1 : size;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The value at {@code path} (map keys from the top), or null. */
    static JsonNode get(ObjectNode item, List<String> path) {
        JsonNode at = item.get(path.get(0));
        for (String name : path.subList(1, path.size())) {
            at = at == null ? null : at.path("M").get(name);
        }
        return at;
    }

    /** The map that holds the last element of {@code path}, or null when a parent is missing or not a map. */
    static ObjectNode parent(ObjectNode item, List<String> path) {
        ObjectNode at = item;
        for (String name : path.subList(0, path.size() - 1)) {
            JsonNode next = at.get(name);
            if (next == null || !next.has("M")) {
                return null;
            }
            at = (ObjectNode) next.get("M");
        }
        return at;
    }

    /** Only the attributes at {@code paths}, nested as in {@code item}. */
    static ObjectNode project(ObjectNode item, List<List<String>> paths) {
        ObjectNode out = NODES.objectNode();
        for (List<String> path : paths) {
            JsonNode value = get(item, path);
            if (value == null) {
                continue;
            }
            ObjectNode at = out;
            for (String name : path.subList(0, path.size() - 1)) {
                at = at.has(name) ? (ObjectNode) at.get(name).get("M") : at.putObject(name).putObject("M");
            }
            at.set(path.get(path.size() - 1), value.deepCopy());
        }
        return out;
    }
}
