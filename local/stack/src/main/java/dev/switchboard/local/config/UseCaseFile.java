package dev.switchboard.local.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.UseCase;
import java.util.List;

/**
 * A use case read from {@code configs/{id}.json}.
 *
 * @param file         the file, relative to the configs directory
 * @param item         the document as stored in DynamoDB: the file without its file-only keys ({@code $schema},
 *                     {@code promptFile}, {@code numbers}, {@code defaultRoute}) and with the prompt inline
 * @param useCase      the parsed use case
 * @param numbers      E.164 numbers routed to it
 * @param defaultRoute whether calls to unrouted numbers get it
 */
public record UseCaseFile(String file, ObjectNode item, UseCase useCase, List<String> numbers, boolean defaultRoute) {

    public UseCaseFile {
        numbers = List.copyOf(numbers);
    }

    public String id() {
        return useCase.id();
    }
}
