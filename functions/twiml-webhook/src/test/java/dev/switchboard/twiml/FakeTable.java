package dev.switchboard.twiml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.DynamoItems;
import dev.switchboard.shared.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A DynamoDB client that answers {@code GetItem} from items held in memory, so the real {@code DynamoUseCaseStore}
 * (item parsing, routing, defaults) runs in handler tests. Items are plain JSON or DynamoDB JSON
 * ({@code {"S": …}}, {@code {"BOOL": …}}), the form the console shows.
 */
final class FakeTable implements DynamoDbClient {

    private final Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    final List<String> reads = new ArrayList<>();
    boolean failing;

    FakeTable put(String pk, String sk, String json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(DynamoItems.toItem(Json.read(json)));
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sk));
        items.put(pk + "|" + sk, item);
        return this;
    }

    /** Stores an item written in DynamoDB JSON, exactly as typed in the console's JSON view. */
    FakeTable putTyped(String pk, String sk, String dynamoJson) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Json.read(dynamoJson).fields().forEachRemaining(e -> item.put(e.getKey(), typed(e.getValue())));
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sk));
        items.put(pk + "|" + sk, item);
        return this;
    }

    FakeTable route(String number, String useCaseId) {
        return put("ROUTE#" + number, "ROUTE", "{\"useCaseId\":\"" + useCaseId + "\"}");
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        String key = request.key().get("pk").s() + "|" + request.key().get("sk").s();
        reads.add(key);
        if (failing) {
            throw SdkClientException.create("Unable to execute HTTP request: Connect to dynamodb timed out");
        }
        Map<String, AttributeValue> item = items.get(key);
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }

    private static AttributeValue typed(JsonNode node) {
        String type = node.fieldNames().next();
        JsonNode v = node.get(type);
        return switch (type) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(typed(e)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> map.put(e.getKey(), typed(e.getValue())));
                yield AttributeValue.fromM(map);
            }
            default -> throw new IllegalArgumentException("unsupported DynamoDB type " + type);
        };
    }
}
