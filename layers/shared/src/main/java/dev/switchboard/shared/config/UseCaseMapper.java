package dev.switchboard.shared.config;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts the config items of the single table into values: a {@code USECASE#{id}} / {@code CONFIG} item into a
 * {@link LoadedUseCase} (through {@link DynamoItems} and {@link UseCaseReader}), a {@code ROUTE#{number}} /
 * {@code ROUTE} item into the use case id it names. {@link DynamoUseCaseStore} does the reads.
 */
public final class UseCaseMapper {

    private UseCaseMapper() {
    }

    /** The use case in {@code item}; an empty item (none stored) gives the built-in default use case and a problem. */
    public static LoadedUseCase useCase(String id, Map<String, AttributeValue> item) {
        if (item.isEmpty()) {
            return new LoadedUseCase(DefaultUseCase.useCase(), List.of(new ConfigProblem(id, "",
                    "no item USECASE#" + id + " / CONFIG in the table; using the built-in default use case")));
        }
        return UseCaseReader.read(id, DynamoItems.toJson(item));
    }

    /** The use case id a route item names; empty when there is no item or it names none. */
    public static String routedId(Map<String, AttributeValue> item) {
        AttributeValue id = item.get("useCaseId");
        return id == null || id.s() == null ? "" : id.s().trim();
    }
}
