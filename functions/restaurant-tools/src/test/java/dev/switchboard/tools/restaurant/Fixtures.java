package dev.switchboard.tools.restaurant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The restaurant use case the tests run against, read through the real config reader, and small helpers. */
final class Fixtures {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final String CALL_SID = "CA00000000000000000000000000000001";
    static final String CALLER = "+15551234567";

    private Fixtures() {
    }

    static ObjectNode document() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/restaurant-usecase.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UseCase useCase() {
        return useCase(d -> { });
    }

    /** The fixture after {@code edit} changed its document (a console edit, say). */
    static UseCase useCase(Consumer<ObjectNode> edit) {
        ObjectNode document = document();
        edit.accept(document);
        LoadedUseCase loaded = UseCaseReader.read("restaurant", document);
        assertThat(loaded.problems()).as("fixture problems").noneMatch(p -> p.attribute().startsWith("tools"));
        return loaded.useCase();
    }

    static UseCaseStore store(UseCase useCase) {
        return new UseCaseStore() {
            @Override
            public LoadedUseCase load(String useCaseId) {
                return LoadedUseCase.clean(useCase);
            }

            @Override
            public String useCaseIdFor(String calledNumber) {
                return useCase.id();
            }
        };
    }

    /** A clock stopped at this wall-clock time in New York. */
    static InstantSource at(String localDateTime) {
        return InstantSource.fixed(instant(localDateTime));
    }

    static Instant instant(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toInstant();
    }

    /** The state machine's payload for one call of {@code tool} with {@code arguments} (a JSON text). */
    static Map<String, Object> event(String toolCallId, String tool, String arguments) {
        Map<String, Object> event = new HashMap<>();
        event.put("toolCallId", toolCallId);
        event.put("name", tool);
        event.put("arguments", arguments);
        event.put("callSid", CALL_SID);
        event.put("useCaseId", "restaurant");
        event.put("callFacts", Map.of("from", CALLER, "to", "+15550001111"));
        return event;
    }

    static JsonNode content(dev.switchboard.shared.tools.ToolResult result) {
        return Json.read(result.content());
    }

    /** A tool function's ports without SMS: the use cases, the orders and the clock given. */
    static RestaurantPorts ports(UseCaseStore useCases, OrderStore orders, InstantSource clock) {
        return new RestaurantPorts(useCases, orders, SmsSender.notConfigured("not in this test"), clock);
    }
}
