package dev.switchboard.testkit.dynamodb;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value. Immutable; value equality follows DynamoDB's: numbers are stored normalized
 * ({@link BigDecimal#stripTrailingZeros()}) so {@code 1.0} equals {@code 1}, sets are unordered.
 */
sealed interface DynamoValue {

    /** The wire type name: S, N, B, SS, NS, BS, M, L, NULL, BOOL. */
    String type();

    record S(String value) implements DynamoValue {
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements DynamoValue {
        public N {
            value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }

        public String type() {
            return "N";
        }
    }

    record B(Bytes value) implements DynamoValue {
        public String type() {
            return "B";
        }
    }

    record SS(Set<String> values) implements DynamoValue {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> values) implements DynamoValue {
        public NS {
            Set<BigDecimal> normalized = new LinkedHashSet<>();
            for (BigDecimal v : values) {
                normalized.add(new N(v).value());
            }
            values = Collections.unmodifiableSet(normalized);
        }

        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> values) implements DynamoValue {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "BS";
        }
    }

    record M(Map<String, DynamoValue> values) implements DynamoValue {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String type() {
            return "M";
        }
    }

    record L(List<DynamoValue> values) implements DynamoValue {
        public L {
            values = List.copyOf(values);
        }

        public String type() {
            return "L";
        }
    }

    record Null() implements DynamoValue {
        public String type() {
            return "NULL";
        }
    }

    record Bool(boolean value) implements DynamoValue {
        public String type() {
            return "BOOL";
        }
    }

    /** True for the types that may be compared with {@code < <= > >=} and used as keys. */
    default boolean isScalarKeyType() {
        return this instanceof S || this instanceof N || this instanceof B;
    }
}
