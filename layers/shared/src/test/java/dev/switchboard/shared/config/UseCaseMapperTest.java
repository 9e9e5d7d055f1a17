package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UseCaseMapperTest {

    @Test
    void givesTheBuiltInUseCaseAndAProblemForAMissingItem() {
        LoadedUseCase loaded = UseCaseMapper.useCase("pizza", Map.of());

        assertThat(loaded.useCase()).isEqualTo(DefaultUseCase.useCase());
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.useCaseId()).isEqualTo("pizza");
            assertThat(p.reason()).contains("no item USECASE#pizza / CONFIG");
        });
    }

    @Test
    void readsAStoredItemWithItsKeyAttributes() {
        LoadedUseCase loaded = UseCaseMapper.useCase("pizza", Map.of(
                "pk", AttributeValue.fromS("USECASE#pizza"), "sk", AttributeValue.fromS("CONFIG"),
                "systemPrompt", AttributeValue.fromS("You take orders."),
                "limits", AttributeValue.fromM(Map.of("maxTurns", AttributeValue.fromN("12")))));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.useCase().systemPrompt()).isEqualTo("You take orders.");
        assertThat(loaded.useCase().limits().maxTurns()).isEqualTo(12);
    }

    @Test
    void readsTheRoutedIdTrimmedAndNothingWithoutOne() {
        assertThat(UseCaseMapper.routedId(Map.of("useCaseId", AttributeValue.fromS(" pizza ")))).isEqualTo("pizza");
        assertThat(UseCaseMapper.routedId(Map.of())).isEmpty();
        assertThat(UseCaseMapper.routedId(Map.of("useCaseId", AttributeValue.fromN("1")))).isEmpty();
    }
}
