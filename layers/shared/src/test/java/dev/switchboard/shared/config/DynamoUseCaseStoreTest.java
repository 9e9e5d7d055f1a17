package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.MutableClock;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoUseCaseStoreTest {

    private final TableFixture table = TableFixture.startWithoutRetries();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final DynamoUseCaseStore store = new DynamoUseCaseStore(table.client(), table.name(), Duration.ofSeconds(30), clock);

    @AfterEach
    void stop() {
        table.close();
    }

    @Test
    void loadsAUseCaseStoredAsNativeMapsAndLists() {
        putUseCase("pizza", "{\"systemPrompt\":\"Take orders.\",\"relay\":{\"welcomeGreeting\":\"Ciao!\",\"dtmfDetection\":true},"
                + "\"tools\":[{\"name\":\"place_order\",\"description\":\"d\",\"function\":\"PlaceOrder\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"qty\":{\"type\":\"integer\"}}}}],"
                + "\"limits\":{\"maxTurns\":12},\"data\":{\"menu\":[{\"id\":\"margherita\",\"priceCents\":1199}]}}");

        LoadedUseCase loaded = store.load("pizza");

        assertThat(loaded.problems()).isEmpty();
        UseCase u = loaded.useCase();
        assertThat(u.id()).isEqualTo("pizza");
        assertThat(u.relay()).containsEntry("welcomeGreeting", "Ciao!").containsEntry("dtmfDetection", "true");
        assertThat(u.tools()).singleElement().satisfies(t ->
                assertThat(t.parameters()).isEqualTo(Map.of("type", "object", "properties", Map.of("qty", Map.of("type", "integer")))));
        assertThat(u.limits().maxTurns()).isEqualTo(12);
        assertThat(u.data()).isEqualTo(Map.of("menu", java.util.List.of(Map.of("id", "margherita", "priceCents", 1199))));
    }

    @Test
    void namesTheUseCaseAttributeAndReasonOfEachBadAttribute() {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.useCase("pizza"));
        item.put("systemPrompt", AttributeValue.fromS("p"));
        item.put("relay", AttributeValue.fromM(Map.of("interruptible", AttributeValue.fromN("3"))));
        item.put("limits", AttributeValue.fromM(Map.of("maxTurns", AttributeValue.fromS("many"))));
        table.client().putItem(b -> b.tableName(table.name()).item(item));

        LoadedUseCase loaded = store.load("pizza");

        assertThat(loaded.problems()).containsExactlyInAnyOrder(
                new ConfigProblem("pizza", "relay.interruptible",
                        "'3' is not one of none, dtmf, speech, any, true, false; not emitted"),
                new ConfigProblem("pizza", "limits.maxTurns",
                        "expected a whole number, found a string (S) 'many'; using " + DefaultUseCase.useCase().limits().maxTurns()));
        assertThat(loaded.useCase().relay()).doesNotContainKey("interruptible");
    }

    @Test
    void givesTheBuiltInUseCaseForAnUnknownId() {
        LoadedUseCase loaded = store.load("nope");

        assertThat(loaded.useCase()).isEqualTo(DefaultUseCase.useCase());
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.useCaseId()).isEqualTo("nope");
            assertThat(p.reason()).contains("no item USECASE#nope / CONFIG");
        });
    }

    @Test
    void routesANumberThenTheDefaultRouteThenTheBuiltInDefault() {
        putRoute("+15005550006", "pizza");

        assertThat(store.useCaseIdFor("+15005550006")).isEqualTo("pizza");
        assertThat(store.useCaseIdFor("+15005550007")).isEqualTo(DefaultUseCase.ID);

        putRoute("default", "assistant");
        clock.advance(Duration.ofSeconds(31));

        assertThat(store.useCaseIdFor("+15005550007")).isEqualTo("assistant");
        assertThat(store.useCaseIdFor("")).isEqualTo("assistant");
    }

    @Test
    void servesACachedUseCaseUntilTheCacheExpires() {
        putUseCase("pizza", "{\"systemPrompt\":\"first\"}");
        store.load("pizza");
        putUseCase("pizza", "{\"systemPrompt\":\"edited in the console\"}");
        table.server().resetCounts();

        assertThat(store.load("pizza").useCase().systemPrompt()).isEqualTo("first");
        assertThat(table.server().requestCounts().getOrDefault("GetItem", 0L)).isZero();

        clock.advance(Duration.ofSeconds(31));

        assertThat(store.load("pizza").useCase().systemPrompt()).isEqualTo("edited in the console");
    }

    @Test
    void servesTheStaleUseCaseWhenDynamoDbFailsAfterTheCacheExpired() {
        putUseCase("pizza", "{\"systemPrompt\":\"first\"}");
        putRoute("+15005550006", "pizza");
        store.load("pizza");
        store.useCaseIdFor("+15005550006");
        clock.advance(Duration.ofSeconds(31));
        table.server().failRequests("*", 500, "InternalServerError");

        assertThat(store.load("pizza").useCase().systemPrompt()).isEqualTo("first");
        assertThat(store.useCaseIdFor("+15005550006")).isEqualTo("pizza");
    }

    @Test
    void throwsWhenDynamoDbFailsAndNothingIsCached() {
        table.server().failRequests("*", 500, "InternalServerError");

        assertThatThrownBy(() -> store.load("pizza")).isInstanceOf(SdkException.class);
        assertThatThrownBy(() -> store.useCaseIdFor("+15005550006")).isInstanceOf(SdkException.class);
    }

    private void putUseCase(String id, String json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.useCase(id));
        item.putAll(DynamoItems.toItem(Json.read(json)));
        table.client().putItem(b -> b.tableName(table.name()).item(item));
    }

    private void putRoute(String number, String useCaseId) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.route(number));
        item.put("useCaseId", AttributeValue.fromS(useCaseId));
        table.client().putItem(b -> b.tableName(table.name()).item(item));
    }
}
