package dev.switchboard.testkit.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * DynamoDB's item size rules: attribute names and strings count their UTF-8 bytes, binaries their bytes, numbers
 * about one byte per two significant digits plus one, BOOL and NULL one byte, M and L three bytes of overhead plus
 * one byte per element, sets the sum of their elements.
 */
final class ItemSize {
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    static long of(Map<String, DynamoValue> item) {
        long size = 0;
        for (Map.Entry<String, DynamoValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    static long of(DynamoValue value) {
        return switch (value) {
            case DynamoValue.S s -> utf8(s.value());
            case DynamoValue.N n -> number(n.value());
            case DynamoValue.B b -> b.value().length();
            case DynamoValue.Bool ignored -> 1;
            case DynamoValue.Null ignored -> 1;
            case DynamoValue.SS ss -> ss.values().stream().mapToLong(ItemSize::utf8).sum();
            case DynamoValue.NS ns -> ns.values().stream().mapToLong(ItemSize::number).sum();
            case DynamoValue.BS bs -> bs.values().stream().mapToLong(Bytes::length).sum();
            case DynamoValue.M m -> {
                long size = 3;
                for (Map.Entry<String, DynamoValue> e : m.values().entrySet()) {
                    size += 1 + utf8(e.getKey()) + of(e.getValue());
                }
                yield size;
            }
            case DynamoValue.L l -> 3 + l.values().stream().mapToLong(v -> 1 + of(v)).sum();
        };
    }

    static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(BigDecimal n) {
        if (n.signum() == 0) {
            return 1;
        }
        BigDecimal stripped = n.stripTrailingZeros();
        int digits = stripped.precision();
        // digits are stored in base-100 pairs aligned on the decimal exponent, plus one exponent byte
        int exponent = stripped.precision() - stripped.scale() - 1;
        int pad = Math.floorMod(exponent, 2) == 0 ? 1 : 0;
        long size = (digits + pad + 1) / 2 + 1;
        return n.signum() < 0 ? size + 1 : size;
    }
}
