package dev.switchboard.tools.restaurant;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The menu from {@code data.menu}: a list of items, each
 * {@code {"id": "margherita", "name": "Margherita Pizza", "sizes": {"small": 9.5, "large": 14}, "aliases": ["margarita"]}}
 * or, for an item with one price, {@code {"id": "garlic-bread", "name": "Garlic Bread", "price": 4.5}}.
 * Prices come only from here, never from the model.
 */
record Menu(List<MenuItem> items) {

    Menu {
        items = List.copyOf(items);
    }

    /**
     * @param sizes size name to price, cheapest first; empty when the item has one {@code price}
     */
    record MenuItem(String id, String name, Map<String, BigDecimal> sizes, BigDecimal price, List<String> aliases) {

        MenuItem {
            sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
            aliases = List.copyOf(aliases);
        }

        boolean hasSizes() {
            return !sizes.isEmpty();
        }

        /** The size called {@code requested} (case and spacing ignored). */
        Optional<String> size(String requested) {
            String wanted = normalize(requested);
            return sizes.keySet().stream().filter(s -> normalize(s).equals(wanted)).findFirst();
        }

        BigDecimal priceOf(String size) {
            return hasSizes() ? sizes.get(size) : price;
        }

        /** {@code small (9.50), large (14.00)}: how the model hears the choices. */
        String describeSizes() {
            List<String> parts = new ArrayList<>();
            sizes.forEach((size, p) -> parts.add(size + " (" + money(p) + ")"));
            return String.join(", ", parts);
        }
    }

    static Menu from(DataSection data) {
        List<?> list = data.list("menu").orElseThrow(() -> new RestaurantConfigException("data.menu", "is missing"));
        List<MenuItem> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "data.menu[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new RestaurantConfigException(path, "must be a map");
            }
            DataSection item = new DataSection(path, DataSection.cast(map));
            String name = item.text("name", "");
            String id = item.text("id", "");
            if (name.isEmpty() && id.isEmpty()) {
                throw new RestaurantConfigException(path, "needs an id or a name");
            }
            Map<String, BigDecimal> sizes = new LinkedHashMap<>();
            item.section("sizes").ifPresent(s -> s.values().entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), price(path + ".sizes." + e.getKey(), e.getValue())))
                    .sorted(Map.Entry.<String, BigDecimal>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> sizes.put(e.getKey(), e.getValue())));
            BigDecimal price = item.decimal("price").map(p -> price(path + ".price", p)).orElse(null);
            if (sizes.isEmpty() && price == null) {
                throw new RestaurantConfigException(path, "needs a price or sizes with prices");
            }
            List<String> aliases = item.list("aliases").orElse(List.of()).stream().map(String::valueOf).toList();
            items.add(new MenuItem(id.isEmpty() ? slug(name) : id, name.isEmpty() ? id : name, sizes,
                    price == null ? BigDecimal.ZERO : price, aliases));
        }
        if (items.isEmpty()) {
            throw new RestaurantConfigException("data.menu", "is empty");
        }
        return new Menu(items);
    }

    /** The item the caller meant: by id, name or alias, ignoring case, punctuation and a plural "s". */
    Optional<MenuItem> find(String requested) {
        String wanted = normalize(requested);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate : List.of(wanted, singular(wanted))) {
            Optional<MenuItem> exact = items.stream().filter(item -> names(item).contains(candidate)).findFirst();
            if (exact.isPresent()) {
                return exact;
            }
        }
        // "margherita" for "Margherita Pizza", or "large pepperoni pizza" for "Pepperoni": one containment match
        List<MenuItem> partial = items.stream().filter(item -> names(item).stream()
                .anyMatch(n -> containsWords(n, wanted) || containsWords(wanted, n))).toList();
        return partial.size() == 1 ? Optional.of(partial.get(0)) : Optional.empty();
    }

    /** Up to three item names closest to what was asked, to offer the caller. */
    List<String> closest(String requested) {
        String wanted = normalize(requested);
        return items.stream()
                .sorted(Comparator.comparingInt((MenuItem item) -> names(item).stream()
                        .mapToInt(n -> distance(n, wanted)).min().orElse(Integer.MAX_VALUE)))
                .limit(3)
                .map(MenuItem::name)
                .toList();
    }

    private static List<String> names(MenuItem item) {
        List<String> names = new ArrayList<>();
        names.add(normalize(item.id()));
        names.add(normalize(item.name()));
        item.aliases().forEach(a -> names.add(normalize(a)));
        return names;
    }

    private static boolean containsWords(String text, String words) {
        return (" " + text + " ").contains(" " + words + " ");
    }

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    private static String singular(String text) {
        return text.endsWith("s") && text.length() > 3 ? text.substring(0, text.length() - 1) : text;
    }

    private static String slug(String name) {
        return normalize(name).replace(' ', '-');
    }

    private static BigDecimal price(String path, Object value) {
        BigDecimal price = DataSection.decimal(path, value);
        if (price.signum() < 0) {
            throw new RestaurantConfigException(path, "must not be negative");
        }
        return price.setScale(2, RoundingMode.HALF_UP);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
