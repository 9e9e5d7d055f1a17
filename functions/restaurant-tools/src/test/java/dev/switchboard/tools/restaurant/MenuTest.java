package dev.switchboard.tools.restaurant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MenuTest {

    private final Menu menu = Menu.from(DataSection.root(Fixtures.useCase().data()));

    @Test
    void findsItemsByIdNameAliasPluralAndPartName() {
        assertThat(menu.find("garlic-knots")).map(Menu.MenuItem::name).contains("Garlic Knots");
        assertThat(menu.find("GARLIC KNOTS")).map(Menu.MenuItem::id).contains("garlic-knots");
        assertThat(menu.find("margarita")).map(Menu.MenuItem::id).contains("margherita");
        assertThat(menu.find("Tiramisus")).map(Menu.MenuItem::id).contains("tiramisu");
        assertThat(menu.find("pepperoni")).map(Menu.MenuItem::id).contains("pepperoni");
        assertThat(menu.find("margherita pizzas")).map(Menu.MenuItem::id).contains("margherita");
    }

    @Test
    void doesNotGuessBetweenSeveralPartialMatches() {
        assertThat(menu.find("pizza")).isEmpty();
        assertThat(menu.find("hawaiian")).isEmpty();
        assertThat(menu.closest("pepperoni pizz")).first().isEqualTo("Pepperoni Pizza");
    }

    @Test
    void readsPricesAsDecimalsFromNumbersOrText() {
        assertThat(menu.find("tiramisu").orElseThrow().priceOf("")).isEqualByComparingTo("6.25");
        assertThat(menu.find("tiramisu").orElseThrow().hasSizes()).isFalse();
        assertThat(menu.find("margherita").orElseThrow().sizes().keySet()).containsExactly("small", "medium", "large");
    }

    @Test
    void aMenuItemWithoutPriceNamesTheAttribute() {
        assertThatThrownBy(() -> Menu.from(DataSection.root(Map.of("menu", List.of(Map.of("name", "Soup"))))))
                .isInstanceOf(RestaurantConfigException.class).hasMessageContaining("data.menu[0]");
        assertThatThrownBy(() -> Menu.from(DataSection.root(Map.of("menu", List.of(
                Map.of("name", "Soup", "price", "cheap"))))))
                .hasMessageContaining("data.menu[0].price");
        assertThatThrownBy(() -> Menu.from(DataSection.root(Map.of("menu", List.of(
                Map.of("name", "Soup", "sizes", List.of(4.5)))))))
                .hasMessageContaining("data.menu[0].sizes: must be a map");
    }
}
