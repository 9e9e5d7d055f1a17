package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The restaurant use case the repository ships ({@code configs/restaurant.json}, owned by the config) is one the
 * restaurant tools can work with: its data parses, and its own schemas accept calls the tools carry out.
 * Skipped (not passed) while the file is not in the tree.
 */
class ShippedRestaurantConfigTest {

    private static UseCase shipped() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        Path config = dir == null ? Path.of("missing") : dir.resolve("configs/restaurant.json");
        assumeTrue(Files.exists(config), "configs/restaurant.json is not in this tree yet");
        LoadedUseCase loaded = UseCaseReader.read("restaurant", Json.read(Files.readString(config)));
        // file-only attributes ($schema, promptFile, numbers) are the config command's business, not the tools'
        assertThat(loaded.problems()).as("config problems").noneMatch(p -> p.attribute().startsWith("tools")
                || p.attribute().startsWith("data") || p.attribute().startsWith("timeZone"));
        return loaded.useCase();
    }

    @Test
    void itsDataIsWhatTheToolsRead() throws IOException {
        UseCase useCase = shipped();
        DataSection data = DataSection.root(useCase.data());

        assertThat(Menu.from(data).items()).isNotEmpty();
        StoreHours.from(data, useCase.timeZone());
        Kitchen.from(data);
        assertThat(useCase.tools()).extracting(UseCase.ToolSpec::name)
                .contains("place_order", "get_pickup_time", "get_delivery_time", "send_sms_confirmation");
    }

    @Test
    void itsPlaceOrderSchemaAcceptsAnOrderTheToolPlaces() throws IOException {
        UseCase useCase = shipped();
        JsonNode first = Json.MAPPER.valueToTree(useCase.data().get("menu")).get(0);
        ObjectNode line = Json.object().put("item", first.get("id").asText()).put("quantity", 1);
        if (first.has("sizes")) {
            line.put("size", first.get("sizes").fieldNames().next());
        }
        String arguments = Json.write(Json.object().put("customerName", "Ada").put("fulfillment", "pickup")
                .set("items", Json.MAPPER.createArrayNode().add(line)));
        InMemoryOrderStore orders = new InMemoryOrderStore();

        ToolResult result = new PlaceOrderHandler(
                Fixtures.ports(Fixtures.store(useCase), orders, Fixtures.at("2026-03-03T18:30")))
                .handle(event("call_1", "place_order", arguments));

        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(new java.math.BigDecimal(content(result).get("total").asText())).isPositive();
        assertThat(orders.orders).hasSize(1);
    }
}
