package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One map of the use case's {@code data} (or the data itself), read with the path it came from so every problem
 * names the exact attribute. Numbers arrive as whatever the config loader produced (Integer, Long, BigDecimal,
 * Double) or as text a person typed in the console; both are accepted.
 */
record DataSection(String path, Map<String, Object> values) {

    static DataSection root(Map<String, Object> data) {
        return new DataSection("data", data);
    }

    Optional<DataSection> section(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of(new DataSection(path + "." + key, cast(map)));
        }
        throw new RestaurantConfigException(path + "." + key, "must be a map");
    }

    DataSection requiredSection(String key) {
        return section(key).orElseThrow(() -> new RestaurantConfigException(path + "." + key, "is missing"));
    }

    Optional<List<?>> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return Optional.of(list);
        }
        throw new RestaurantConfigException(path + "." + key, "must be a list");
    }

    String text(String key, String fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return s.trim();
        }
        throw new RestaurantConfigException(path + "." + key, "must be text");
    }

    Optional<BigDecimal> decimal(String key) {
        return Optional.ofNullable(values.get(key)).map(v -> decimal(path + "." + key, v));
    }

    int wholeNumber(String key, int fallback, int min, int max) {
        Optional<BigDecimal> value = decimal(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = value.get().intValueExact();
            if (n < min || n > max) {
                throw new RestaurantConfigException(path + "." + key, "must be between " + min + " and " + max);
            }
            return n;
        } catch (ArithmeticException e) {
            throw new RestaurantConfigException(path + "." + key, "must be a whole number");
        }
    }

    static BigDecimal decimal(String path, Object value) {
        try {
            if (value instanceof BigDecimal d) {
                return d;
            }
            if (value instanceof Number || value instanceof String) {
                return new BigDecimal(value.toString().trim());
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new RestaurantConfigException(path, "must be a number, got '" + value + "'");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
