package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts between the wire JSON ({@code {"S":"x"}}) and {@link DynamoValue}, validating like DynamoDB. */
final class ValueJson {
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueJson() {
    }

    static Map<String, DynamoValue> readItem(JsonNode node) {
        Map<String, DynamoValue> item = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return item;
        }
        if (!node.isObject()) {
            throw DynamoException.serialization("Unexpected JSON for an item map");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            item.put(e.getKey(), read(e.getValue()));
        }
        return item;
    }

    static DynamoValue read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DynamoException.serialization("Unexpected JSON for an AttributeValue");
        }
        List<String> present = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!node.get(name).isNull()) {
                present.add(name);
            }
        });
        if (present.isEmpty()) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (present.size() > 1) {
            throw DynamoException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                            + "supported datatypes");
        }
        String type = present.get(0);
        JsonNode v = node.get(type);
        return switch (type) {
            case "S" -> new DynamoValue.S(text(v));
            case "N" -> new DynamoValue.N(number(text(v)));
            case "B" -> new DynamoValue.B(binary(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw DynamoException.serialization("BOOL must be a boolean");
                }
                yield new DynamoValue.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw DynamoException.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                yield new DynamoValue.Null();
            }
            case "SS" -> {
                List<String> values = new ArrayList<>();
                array(v).forEach(e -> values.add(text(e)));
                yield new DynamoValue.SS(distinct(values, "string"));
            }
            case "NS" -> {
                List<BigDecimal> values = new ArrayList<>();
                array(v).forEach(e -> values.add(new DynamoValue.N(number(text(e))).value()));
                yield new DynamoValue.NS(distinct(values, "number"));
            }
            case "BS" -> {
                List<Bytes> values = new ArrayList<>();
                array(v).forEach(e -> values.add(binary(e)));
                yield new DynamoValue.BS(distinct(values, "binary"));
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw DynamoException.serialization("M must be an object");
                }
                yield new DynamoValue.M(readItem(v));
            }
            case "L" -> {
                List<DynamoValue> values = new ArrayList<>();
                array(v).forEach(e -> values.add(read(e)));
                yield new DynamoValue.L(values);
            }
            default -> throw DynamoException.serialization("Unknown AttributeValue type: " + type);
        };
    }

    /** Parses and range-checks a DynamoDB number. */
    static BigDecimal number(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return checkNumber(value);
    }

    static BigDecimal checkNumber(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = stripped.abs();
        if (magnitude.compareTo(MAX_MAGNITUDE) > 0) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN_MAGNITUDE) < 0) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw DynamoException.serialization("Expected a string in an AttributeValue, got " + v.getNodeType());
        }
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        try {
            return Bytes.fromBase64(text(v));
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded length is expected a multiple of 4 bytes");
        }
    }

    private static ArrayNode array(JsonNode v) {
        if (!v.isArray()) {
            throw DynamoException.serialization("Expected a list in an AttributeValue");
        }
        return (ArrayNode) v;
    }

    private static <T> Set<T> distinct(List<T> values, String kind) {
        if (values.isEmpty()) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: An " + kind + " set  may not be empty");
        }
        Set<T> set = new LinkedHashSet<>(values);
        if (set.size() != values.size()) {
            throw DynamoException.validation("One or more parameter values were invalid: Input collection "
                    + values + " contains duplicates.");
        }
        return set;
    }

    static ObjectNode writeItem(Map<String, DynamoValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    static ObjectNode write(DynamoValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value) {
            case DynamoValue.S s -> node.put("S", s.value());
            case DynamoValue.N n -> node.put("N", n.value().toPlainString());
            case DynamoValue.B b -> node.put("B", b.value().base64());
            case DynamoValue.Bool b -> node.put("BOOL", b.value());
            case DynamoValue.Null ignored -> node.put("NULL", true);
            case DynamoValue.SS ss -> ss.values().forEach(node.putArray("SS")::add);
            case DynamoValue.NS ns -> {
                ArrayNode a = node.putArray("NS");
                ns.values().forEach(n -> a.add(n.toPlainString()));
            }
            case DynamoValue.BS bs -> {
                ArrayNode a = node.putArray("BS");
                bs.values().forEach(b -> a.add(b.base64()));
            }
            case DynamoValue.M m -> node.set("M", writeItem(m.values()));
            case DynamoValue.L l -> {
                ArrayNode a = node.putArray("L");
                l.values().forEach(e -> a.add(write(e)));
            }
        }
        return node;
    }

    /** A short human rendering used in error messages, e.g. {@code {S:abc}}. */
    static String describe(DynamoValue value) {
        return switch (value) {
            case DynamoValue.S s -> "{S:" + s.value() + "}";
            case DynamoValue.N n -> "{N:" + n.value().toPlainString() + "}";
            default -> "{" + value.type() + ":" + write(value).get(value.type()) + "}";
        };
    }
}
