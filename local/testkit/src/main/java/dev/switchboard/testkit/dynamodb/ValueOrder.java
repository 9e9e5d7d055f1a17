package dev.switchboard.testkit.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * DynamoDB's ordering of scalar values: numbers numerically, strings by their UTF-8 bytes (unsigned), binaries by
 * unsigned bytes. Values of different types are not ordered against each other.
 */
final class ValueOrder {
    /** Orders two key values of the same type. */
    static final Comparator<DynamoValue> KEY_ORDER = ValueOrder::compare;

    private ValueOrder() {
    }

    /** True if both are S, N or B of the same type (so {@code <} and friends apply). */
    static boolean comparable(DynamoValue a, DynamoValue b) {
        return a != null && b != null && a.isScalarKeyType() && a.type().equals(b.type());
    }

    /** Compares two values that are {@link #comparable}. */
    static int compare(DynamoValue a, DynamoValue b) {
        return switch (a) {
            case DynamoValue.N n -> n.value().compareTo(((DynamoValue.N) b).value());
            case DynamoValue.S s -> compareUtf8(s.value(), ((DynamoValue.S) b).value());
            case DynamoValue.B bin -> bin.value().compareTo(((DynamoValue.B) b).value());
            default -> throw new IllegalArgumentException("not an ordered type: " + a.type());
        };
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
